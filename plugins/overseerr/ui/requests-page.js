// <mn-overseerr-requests>: the Requests page. Who you are in Overseerr and your quota, search, and
// your own requests with live states.
import { LitElement, css, html, nothing } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from './styles.js';
import './search-box.js';
import './my-requests.js';

export class OverseerrRequestsPage extends LitElement {
  static properties = { me: { state: true }, error: { state: true } };

  static styles = [
    shared,
    css`
      :host { display: grid; gap: 1rem; max-width: 72rem; }
      section { background: var(--mn-surface, #fff); border: 1px solid var(--mn-border, #dde3ec); border-radius: var(--mn-radius, 10px); padding: 1rem; min-width: 0; }
      h2 { font-size: 1.05rem; margin: 0 0 0.75rem; }
      header p { margin: 0.2rem 0; }
    `,
  ];

  async connectedCallback() {
    super.connectedCallback();
    try {
      this.me = await api('/api/plugins/overseerr/me');
    } catch (err) {
      this.error = err.message;
    }
    this.onRequested = () => api('/api/plugins/overseerr/me').then((me) => (this.me = me), () => {});
    this.addEventListener('requested', this.onRequested);
  }

  render() {
    const me = this.me;
    const quota = [me?.quota?.movie?.line, me?.quota?.tv?.line].filter(Boolean);
    return html`
      <header>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${me && !me.linked ? html`<p class="notice" data-not-linked>${me.message}. You can still search.</p>` : nothing}
        ${me?.linked ? html`<p class="muted small">Requests go to ${me.flavor} as ${me.overseerrUser ?? 'your account'}.</p>` : nothing}
        ${me?.linked ? html`<p data-quota>${quota.length ? quota.join(' · ') : 'No limit on your requests.'}</p>` : nothing}
      </header>
      <section aria-labelledby="find">
        <h2 id="find">Find a film or show</h2>
        <mn-overseerr-search-box .me=${me}></mn-overseerr-search-box>
      </section>
      <section aria-labelledby="mine">
        <h2 id="mine">My requests</h2>
        <mn-overseerr-my-requests></mn-overseerr-my-requests>
      </section>
    `;
  }
}
customElements.define('mn-overseerr-requests', OverseerrRequestsPage);
