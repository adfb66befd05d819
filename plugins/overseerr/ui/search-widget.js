// <mn-overseerr-search>: the dashboard's "Request a film or show": search and request in place.
import { LitElement, html, nothing } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from './styles.js';
import './search-box.js';

export class OverseerrSearchWidget extends LitElement {
  static properties = { me: { state: true }, error: { state: true } };
  static styles = [shared];

  async connectedCallback() {
    super.connectedCallback();
    try {
      this.me = await api('/api/plugins/overseerr/me');
    } catch (err) {
      this.error = err.message;
    }
  }

  render() {
    return html`
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.me && !this.me.linked ? html`<p class="notice small">${this.me.message}. You can still search.</p>` : nothing}
      <mn-overseerr-search-box compact .me=${this.me}></mn-overseerr-search-box>
      <p class="small"><a href="#/p/overseerr/">My requests</a></p>
    `;
  }
}
customElements.define('mn-overseerr-search', OverseerrSearchWidget);
