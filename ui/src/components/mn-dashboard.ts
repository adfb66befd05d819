import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { api } from '@medianest/sdk/browser';
import { fetchManifest, type WidgetEntry } from '../manifest.ts';
import { shared } from '../theme.ts';
import { LiveReload } from '../live-reload.ts';
import { arrange, widgetId, type BoardItem } from '../board-layout.ts';
import './mn-widget-card.ts';
import './mn-search.ts';
import './mn-skeleton.ts';

interface Me { id: string; name: string; role: 'admin' | 'user' }

/**
 * The dashboard: the search box, then the person's board of widgets (their layout, else the
 * default). Shown as a plain CSS grid; the grid library loads only when they choose Arrange.
 */
export class MnDashboard extends LitElement {
  static properties = {
    me: { attribute: false }, widgets: { state: true }, board: { state: true }, error: { state: true },
    arranging: { state: true }, notice: { state: true }, opening: { state: true },
  };
  /** The board editor's module is on its way (Arrange was pressed). */
  declare opening: boolean;
  declare me: Me | null | undefined;
  declare widgets: WidgetEntry[] | undefined;
  /** The saved layout (empty: lay widgets out by their sizes). */
  declare board: BoardItem[];
  declare error: string | undefined;
  declare arranging: boolean;
  declare notice: string | undefined;
  private saveTimer?: ReturnType<typeof setTimeout>;
  private pending?: BoardItem[];
  private saving?: Promise<void>;
  private readonly reload = new LiveReload(this, 'core.plugins.changed', () => void this.load());

  static styles = [
    shared,
    css`
      :host { display: block; }
      .top { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; margin-bottom: 1rem; }
      .top mn-search { flex: 1 1 20rem; }
      .grid { display: grid; gap: 12px; grid-template-columns: repeat(12, minmax(0, 1fr)); grid-auto-rows: 68px; }
      .grid > .placeholder { grid-column: span 6; grid-row: span 3; }
      .grid > mn-widget-card { grid-column: var(--x) / span var(--w); grid-row: var(--y) / span var(--h); min-height: 0; overflow: auto; border-radius: var(--mn-radius); }
      @media (max-width: 44rem) {
        .grid { grid-template-columns: 1fr; grid-auto-rows: auto; }
        .grid > .placeholder { grid-column: 1; grid-row: auto; min-height: 144px; }
        .grid > mn-widget-card { grid-column: 1; grid-row: auto; order: var(--order); min-height: calc(var(--h) * 48px); max-height: none; overflow: visible; }
      }
      .bar { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin-bottom: 0.75rem; }
      button { font: inherit; font-size: 0.9rem; padding: 0.35rem 0.7rem; border-radius: 6px; border: 1px solid var(--mn-border); background: var(--mn-surface); color: var(--mn-text); cursor: pointer; }
      button.primary { background: var(--mn-accent); border-color: var(--mn-accent); color: #fff; font-weight: 600; }
      .hidden-list { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; font-size: 0.9rem; }
      .error { color: var(--mn-bad); }
      .notice { margin: 0 0 0.75rem; color: var(--mn-muted); }
      .phone-note { display: none; }
      @media (max-width: 44rem) { .phone-note { display: block; } }
    `,
  ];

  constructor() {
    super();
    this.board = [];
    this.arranging = false;
    this.opening = false;
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    void this.flush();
  }

  // The widgets and the person's board are asked for together, and the widgets first shown in their
  // places: shown before the board arrived, they jumped from the default places to the person's own.
  private async load() {
    const board = this.me
      ? api<{ items: BoardItem[] }>('/api/board').then((b) => b.items, () => [] as BoardItem[]) // unreadable: the default places
      : Promise.resolve([] as BoardItem[]);
    let widgets;
    try {
      widgets = (await fetchManifest()).widgets.filter((w) => w.slot === 'dashboard');
    } catch (err) {
      this.error = `The dashboard could not be loaded: ${(err as Error).message}`;
      return;
    }
    this.board = await board;
    this.widgets = widgets;
    this.error = undefined;
  }

  updated(changed: Map<string, unknown>) {
    if (changed.has('me') && this.me !== undefined) void this.load();
  }

  private layout() {
    return arrange(this.widgets ?? [], this.board);
  }

  private save(items: BoardItem[]) {
    this.board = items;
    this.pending = items;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.flush(), 400);
  }

  /** Saves what is pending, and waits for a save already on its way (Done must not return before it lands). */
  private async flush() {
    clearTimeout(this.saveTimer);
    const items = this.pending;
    this.pending = undefined;
    if (items) this.saving = this.put(items, this.saving);
    await this.saving;
  }

  // One save after another, so an earlier layout never lands after a later one; keepalive lets the
  // last one finish when the page is reloaded or closed right after arranging.
  private async put(items: BoardItem[], before: Promise<void> | undefined) {
    await before;
    try {
      await api('/api/board', { method: 'PUT', json: { items }, keepalive: true });
      this.notice = undefined;
    } catch (err) {
      this.notice = `Your arrangement could not be saved: ${(err as Error).message}`;
    }
  }

  private async startArranging() {
    this.opening = true;
    try {
      await import('./mn-board-editor.ts'); // gridstack loads only for arranging
      this.arranging = true;
    } catch {
      this.notice = 'Arranging could not start: reload the page and try again.';
    } finally {
      this.opening = false;
    }
  }

  private async done() {
    await this.flush();
    this.arranging = false;
  }

  private onChange(e: CustomEvent<BoardItem[]>) {
    const { hidden } = this.layout();
    this.save([...e.detail, ...hidden]);
  }

  private onHide(e: CustomEvent<string>) {
    const { visible, hidden } = this.layout();
    this.save([...visible.filter((i) => i.id !== e.detail), ...hidden, { ...visible.find((i) => i.id === e.detail)!, hidden: true }]);
  }

  private show(id: string) {
    const { visible, hidden } = this.layout();
    const item = hidden.find((i) => i.id === id)!;
    // Back at the bottom, where there is room.
    const bottom = Math.max(0, ...visible.map((i) => i.y + i.h));
    this.save([...visible, { ...item, hidden: false, y: bottom }, ...hidden.filter((i) => i.id !== id)]);
    // The editor reads its items once: open it again with the widget back.
    this.arranging = false;
    void this.updateComplete.then(() => (this.arranging = true));
  }

  private async reset() {
    try {
      this.board = (await api<{ items: BoardItem[] }>('/api/board', { method: 'DELETE' })).items;
      this.pending = undefined;
      this.notice = 'Your board is back to the default.';
      this.arranging = false;
    } catch (err) {
      this.notice = `The board could not be reset: ${(err as Error).message}`;
    }
  }

  private async makeDefault() {
    const { visible, hidden } = this.layout();
    try {
      await this.flush();
      await api('/api/admin/board/default', { method: 'PUT', json: { items: [...visible, ...hidden] } });
      this.notice = 'This is now the board new people get.';
    } catch (err) {
      this.notice = `The default board could not be saved: ${(err as Error).message}`;
    }
  }

  private titleOf(id: string) {
    return this.widgets?.find((w) => widgetId(w) === id)?.title ?? id;
  }

  private toolbar(hidden: BoardItem[]) {
    if (!this.me) return nothing;
    if (!this.arranging) return html`<button @click=${this.startArranging} aria-label="Arrange the dashboard" ?disabled=${this.opening} aria-busy=${this.opening ? 'true' : 'false'}>${this.opening ? 'Opening…' : 'Arrange'}</button>`;
    return html`<div class="bar" role="toolbar" aria-label="Arranging the dashboard">
      <button class="primary" @click=${this.done}>Done</button>
      <button @click=${this.reset}>Reset to the default board</button>
      ${this.me.role === 'admin' ? html`<button @click=${this.makeDefault}>Make this the default board</button>` : nothing}
      ${hidden.length ? html`<span class="hidden-list">Hidden: ${hidden.map((i) => html`<button @click=${() => this.show(i.id)} aria-label="Show ${this.titleOf(i.id)}">Show ${this.titleOf(i.id)}</button>`)}</span>` : nothing}
    </div>
    <p class="notice phone-note">On a phone the board is one column; move and resize on a wider screen.</p>`;
  }

  /** Two grey cards where the widgets will be, while the manifest comes. */
  private placeholders() {
    return html`<section class="grid" aria-busy="true" aria-label="Dashboard, loading">
      ${[0, 1].map(() => html`<div class="card placeholder"><mn-skeleton lines="4"></mn-skeleton></div>`)}
    </section>`;
  }

  /** No widget at all: admins get the way to their first service, members whom to ask. */
  private nothingYet() {
    if (this.me?.role === 'admin') {
      return html`<div class="card empty" data-empty="dashboard">
        <p><strong>Nothing on the dashboard yet.</strong></p>
        <p class="muted">Widgets appear here when a plugin is connected to your services and enabled.</p>
        <p class="next"><a class="action" href="#/admin/plugins">Connect your first service</a></p>
      </div>`;
    }
    return html`<div class="card empty" data-empty="dashboard">
      <p><strong>Nothing here yet</strong> — an admin can add apps and services.</p>
      <p class="muted">Ask whoever runs this MediaNest; they show up here as soon as they are added.</p>
    </div>`;
  }

  // One outer template, so the search box is the same element while the widgets load and after:
  // what someone typed before they arrived, and the focus, stay.
  render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    return html`<div class="top"><mn-search size="large"></mn-search>${this.arranging ? nothing : this.toolbar([])}</div>${this.body()}`;
  }

  private body() {
    if (!this.widgets) return this.placeholders();
    if (this.widgets.length === 0) return this.nothingYet();
    const { visible, hidden } = this.layout();
    const byId = new Map(this.widgets.map((w) => [widgetId(w), w]));
    const order = [...visible].sort((a, b) => a.y - b.y || a.x - b.x).map((i) => i.id);
    return html`${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
      ${this.arranging
        ? html`${this.toolbar(hidden)}<mn-board-editor .widgets=${this.widgets} .items=${visible} @board-change=${this.onChange} @board-hide=${this.onHide}></mn-board-editor>`
        : html`<div class="grid">
          ${repeat(visible, (i) => i.id, (i) => html`<mn-widget-card data-widget=${i.id} .place=${{ x: i.x + 1, y: i.y + 1, w: i.w, h: i.h, order: order.indexOf(i.id) }} .widget=${byId.get(i.id)!}></mn-widget-card>`)}
        </div>`}`;
  }
}
customElements.define('mn-dashboard', MnDashboard);
