// The pantry list: the portal's skeleton while the answer is held, the items once it comes, and
// nothing at all when the route fails (the card around it has to say why).
import { LitElement, html } from 'lit';
import { api } from '@medianest/sdk/browser';

customElements.define('mn-slow-widget-items', class extends LitElement {
  static properties = { items: { state: true }, failed: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    api('/api/plugins/slow-widget/items').then((r) => (this.items = r.items), () => (this.failed = true));
  }

  render() {
    if (this.failed) return html``;
    if (!this.items) return html`<mn-skeleton lines="3"></mn-skeleton>`;
    return html`<ul>${this.items.map((i) => html`<li>${i}</li>`)}</ul>`;
  }
});
