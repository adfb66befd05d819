import { LitElement, css, html, nothing } from 'lit';
import { api } from '@medianest/sdk/browser';
import { loadElement, type WidgetEntry } from '../manifest.ts';
import { shared } from '../theme.ts';
import { hasContent } from '../shown-content.ts';
import { claimSkeletons } from '../skeleton-claims.ts';
import './mn-skeleton.ts';

/** A plugin's condition as /api/status tells signed-in people (admins also get the summary). */
interface PluginStatus { id: string; condition: string; message: string | null; summary?: string | null }

/** What to say in a box the widget left empty: the plugin's household words when it is not well. */
interface EmptyWords { text: string; unwell: boolean; detail?: string; plugin?: string }

/** How long a widget may show nothing before the card says something in its place. */
const EMPTY_GRACE_MS = 1500;
/** How often a card that said something looks whether the widget shows content after all. */
const EMPTY_RECHECK_MS = 5000;

/**
 * One dashboard widget: loads the plugin's module, then shows its element under a title. The card
 * is `aria-busy` with a skeleton while the module loads and while the widget shows one of its own;
 * a widget that shows nothing gets words in its place (its plugin's household message when the
 * plugin is down or degraded), never an empty box.
 */
export class MnWidgetCard extends LitElement {
  static properties = {
    widget: { attribute: false }, place: { attribute: false }, error: { state: true }, element: { state: true },
    waiting: { state: true }, empty: { state: true },
  };
  declare widget: WidgetEntry;
  /** Its cell on the dashboard grid (1-based), set as CSS properties: the CSP allows no style attributes. */
  declare place: { x: number; y: number; w: number; h: number; order: number } | undefined;
  declare error: string | undefined;
  /** The plugin's element, made once and kept across re-renders. */
  declare element: HTMLElement | undefined;
  /** Skeletons inside the widget just now. */
  declare waiting: number;
  /** Set when the widget has shown nothing for a while. */
  declare empty: EmptyWords | undefined;
  private observer?: MutationObserver;
  private emptyTimer?: ReturnType<typeof setTimeout>;

  static styles = [
    shared,
    css`
      :host { display: block; }
      .card { height: 100%; }
      .error { color: var(--mn-bad); margin: 0; }
      .detail { font-size: 0.85rem; margin: 0.5rem 0 0; overflow-wrap: anywhere; }
      .said { margin: 0; padding-left: 0.6rem; border-left: 3px solid var(--mn-warn); }
      .said.quiet { border-left-color: var(--mn-border); color: var(--mn-muted); }
    `,
  ];

  constructor() {
    super();
    this.waiting = 0;
    // Busy while a skeleton shows inside (the widget's own, across its shadow root); when the last
    // goes, its content arrived, or nothing did.
    claimSkeletons(this, (n) => {
      this.waiting = n;
      if (!n) this.checkEmpty();
    });
  }

  async connectedCallback() {
    super.connectedCallback();
    if (this.element || this.error) {
      this.watch();
      return;
    }
    try {
      await loadElement(this.widget.module, this.widget.tag);
      this.element = document.createElement(this.widget.tag);
      await this.updateComplete;
      this.watch();
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.observer?.disconnect();
    clearTimeout(this.emptyTimer);
  }

  /** Follows what the widget renders, to notice an empty box. */
  private watch() {
    const root = this.element?.shadowRoot ?? this.element;
    if (!root) return;
    this.observer?.disconnect();
    this.observer = new MutationObserver(() => this.checkEmpty());
    this.observer.observe(root, { childList: true, subtree: true, characterData: true });
    this.checkEmpty();
  }

  private checkEmpty() {
    clearTimeout(this.emptyTimer);
    if (!this.element || this.waiting) return;
    if (hasContent(this.element)) {
      this.empty = undefined;
      return;
    }
    this.emptyTimer = setTimeout(() => void this.sayWhyEmpty(), EMPTY_GRACE_MS);
  }

  private async sayWhyEmpty() {
    if (!this.element || this.waiting || hasContent(this.element)) return;
    let status: PluginStatus | undefined;
    try {
      status = (await api<{ plugins?: PluginStatus[] }>('/api/status')).plugins?.find((p) => p.id === this.widget.plugin);
    } catch {
      /* the status is only for the words: say the plain thing */
    }
    if (hasContent(this.element)) return;
    const unwell = status && status.condition !== 'running';
    this.empty = unwell
      ? { text: status!.message ?? "This service isn't available right now", unwell: true, detail: status!.summary ?? undefined, plugin: status!.summary ? status!.id : undefined }
      : { text: 'Nothing to show here right now.', unwell: false };
    // Content may come inside a nested element's shadow root, which the observer does not see: look again now and then.
    this.emptyTimer = setTimeout(() => this.checkEmpty(), EMPTY_RECHECK_MS);
  }

  updated() {
    if (!this.place) return;
    for (const [key, value] of Object.entries(this.place)) this.style.setProperty(`--${key}`, String(value));
  }

  private said(e: EmptyWords) {
    return html`<p class="said ${e.unwell ? '' : 'quiet'}" role="status" data-empty-widget>${e.text}</p>
      ${e.detail ? html`<p class="detail muted">${e.detail} · <a href="#/admin/plugins/${e.plugin}">Open its settings</a></p>` : nothing}`;
  }

  render() {
    const { title } = this.widget;
    const busy = !this.error && (!this.element || this.waiting > 0);
    const body = this.error
      ? html`<p class="error" role="alert">This widget could not be loaded.</p><p class="detail muted">${this.error}</p>`
      : this.element
        ? html`${this.empty ? this.said(this.empty) : nothing}${this.element}`
        : html`<mn-skeleton lines="3"></mn-skeleton>`;
    return html`<section class="card" aria-label=${title} aria-busy=${busy ? 'true' : 'false'}><h2>${title}</h2>${body}</section>`;
  }
}
customElements.define('mn-widget-card', MnWidgetCard);
