import { LitElement, css, html } from 'lit';
import { loadElement, type PageEntry } from '../manifest.ts';
import { shared } from '../theme.ts';

/** A full page a plugin registered: loads its module and shows its element. */
export class MnPluginPage extends LitElement {
  static properties = { page: { attribute: false }, element: { state: true }, error: { state: true } };
  declare page: PageEntry;
  declare element: HTMLElement | undefined;
  declare error: string | undefined;

  static styles = [shared, css`:host { display: block; } .error { color: var(--mn-bad); } .detail { font-size: 0.85rem; overflow-wrap: anywhere; }`];

  protected async willUpdate(changed: Map<string, unknown>) {
    if (!changed.has('page') || !this.page) return;
    this.element = undefined;
    this.error = undefined;
    try {
      await loadElement(this.page.module, this.page.tag);
      this.element = document.createElement(this.page.tag);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  render() {
    if (this.error) return html`<p class="error" role="alert">This page could not be loaded.</p><p class="detail muted">${this.error}</p>`;
    return this.element ?? html`<p class="muted">Loading…</p>`;
  }
}
customElements.define('mn-plugin-page', MnPluginPage);
