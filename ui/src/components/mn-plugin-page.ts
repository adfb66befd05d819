import { LitElement, css, html } from 'lit';
import { loadElement, type PageEntry } from '../manifest.ts';
import { shared } from '../theme.ts';
import { claimSkeletons } from '../skeleton-claims.ts';
import './mn-skeleton.ts';

/** A full page a plugin registered: loads its module and shows its element. */
export class MnPluginPage extends LitElement {
  static properties = { page: { attribute: false }, element: { state: true }, error: { state: true } };
  declare page: PageEntry;
  declare element: HTMLElement | undefined;
  declare error: string | undefined;

  static styles = [shared, css`:host { display: block; } .error { color: var(--mn-bad); } .detail { font-size: 0.85rem; overflow-wrap: anywhere; }`];

  constructor() {
    super();
    // Busy while the page shows a skeleton of its own (or this one, while its module loads).
    claimSkeletons(this, (n) => this.setAttribute('aria-busy', n > 0 ? 'true' : 'false'));
  }

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
    return this.element ?? html`<div role="region" aria-busy="true" aria-label="Loading the page"><mn-skeleton lines="4"></mn-skeleton></div>`;
  }
}
customElements.define('mn-plugin-page', MnPluginPage);
