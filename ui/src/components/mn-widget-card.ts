import { LitElement, css, html } from 'lit';
import { loadElement, type WidgetEntry } from '../manifest.ts';
import { shared } from '../theme.ts';

/** One dashboard widget: loads the plugin's module, then shows its element under a title. */
export class MnWidgetCard extends LitElement {
  static properties = { widget: { attribute: false }, place: { attribute: false }, error: { state: true }, element: { state: true } };
  declare widget: WidgetEntry;
  /** Its cell on the dashboard grid (1-based), set as CSS properties: the CSP allows no style attributes. */
  declare place: { x: number; y: number; w: number; h: number; order: number } | undefined;
  declare error: string | undefined;
  /** The plugin's element, made once and kept across re-renders. */
  declare element: HTMLElement | undefined;

  static styles = [
    shared,
    css`
      :host { display: block; }
      .card { height: 100%; }
      .error { color: var(--mn-bad); margin: 0; }
      .detail { font-size: 0.85rem; margin: 0.5rem 0 0; overflow-wrap: anywhere; }
    `,
  ];

  async connectedCallback() {
    super.connectedCallback();
    if (this.element || this.error) return;
    try {
      await loadElement(this.widget.module, this.widget.tag);
      this.element = document.createElement(this.widget.tag);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  updated() {
    if (!this.place) return;
    for (const [key, value] of Object.entries(this.place)) this.style.setProperty(`--${key}`, String(value));
  }

  render() {
    const { title } = this.widget;
    const body = this.error
      ? html`<p class="error" role="alert">This widget could not be loaded.</p><p class="detail muted">${this.error}</p>`
      : this.element ?? html`<p class="muted">Loading…</p>`;
    return html`<section class="card" aria-label=${title}><h2>${title}</h2>${body}</section>`;
  }
}
customElements.define('mn-widget-card', MnWidgetCard);
