import { LitElement, css, html, nothing } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import './mn-skeleton.ts';

interface Result { title: string; subtitle?: string; href: string; image?: string; kind?: string }
interface Group { plugin: string; title: string; results: Result[]; state: 'ok' | 'timeout' | 'failed'; message?: string; detail?: string }
interface Engine { name: string; url: string }

let engine: Promise<Engine | null> | undefined;
/** The web search the admin picked (the Apps plugin's setting), asked once per page load. */
const webSearch = () => (engine ??= api<{ engine: Engine | null }>('/api/plugins/links/web-search').then((r) => r.engine, () => null));

/**
 * The one search box: every plugin's search provider, grouped, as you type (debounced; a stale
 * request is cancelled). The ARIA combobox pattern: arrow keys move through the options, Enter opens
 * one, Enter with none chosen searches the web (when the admin picked an engine), Escape closes.
 */
export class MnSearch extends LitElement {
  static properties = { size: { reflect: true }, query: { state: true }, groups: { state: true }, active: { state: true }, open: { state: true }, busy: { state: true }, engine: { state: true } };
  declare size: 'large' | 'small';
  declare query: string;
  declare groups: Group[];
  declare active: number;
  declare open: boolean;
  declare busy: boolean;
  declare engine: Engine | null;
  private timer?: ReturnType<typeof setTimeout>;
  private abort?: AbortController;
  private static count = 0;
  private readonly uid = `s${++MnSearch.count}`;

  static styles = [
    shared,
    css`
      :host { display: block; position: relative; min-width: 0; }
      input { width: 100%; font: inherit; padding: 0.45rem 2rem 0.45rem 2rem; text-overflow: ellipsis; border: 1px solid var(--mn-border); border-radius: 8px; background: var(--mn-bg) no-repeat 0.6rem center / 1rem url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' fill='none' stroke='%23808a99' stroke-width='2.5'%3E%3Ccircle cx='11' cy='11' r='7'/%3E%3Cpath d='m20 20-3.5-3.5'/%3E%3C/svg%3E"); color: var(--mn-text); }
      :host([size='large']) input { padding: 0.65rem 2.2rem 0.65rem 2.3rem; font-size: 1.05rem; background-color: var(--mn-surface); border-radius: 10px; }
      input:focus { outline: 2px solid var(--mn-accent); outline-offset: 1px; }
      .keyhint { position: absolute; right: 0.6rem; top: 50%; transform: translateY(-50%); font-size: 0.75rem; color: var(--mn-muted); border: 1px solid var(--mn-border); border-radius: 4px; padding: 0 0.35rem; pointer-events: none; }
      .panel { position: absolute; z-index: 20; left: 0; right: 0; top: calc(100% + 4px); background: var(--mn-surface); border: 1px solid var(--mn-border); border-radius: 10px; box-shadow: 0 8px 24px rgb(0 0 0 / 0.18); max-height: min(70vh, 32rem); overflow: auto; padding: 0.35rem; min-width: min(22rem, 90vw); }
      .group-title { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--mn-muted); padding: 0.4rem 0.5rem 0.2rem; margin: 0; }
      [role='option'] { display: grid; grid-template-columns: 1.75rem 1fr auto; gap: 0.55rem; align-items: center; padding: 0.4rem 0.5rem; border-radius: 6px; cursor: pointer; color: var(--mn-text); }
      [role='option'][aria-selected='true'] { background: var(--mn-bg); outline: 2px solid var(--mn-accent); outline-offset: -2px; }
      .pic { width: 1.75rem; height: 1.75rem; border-radius: 6px; background: #fff; display: grid; place-items: center; overflow: hidden; }
      .pic img { width: 1.3rem; height: 1.3rem; object-fit: contain; }
      .pic.none { background: var(--mn-bg); color: var(--mn-muted); font-weight: 700; font-size: 0.85rem; }
      .t { min-width: 0; }
      .t b { display: block; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      .t small { display: block; color: var(--mn-muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      .kind { font-size: 0.75rem; color: var(--mn-muted); }
      .note { margin: 0; padding: 0.3rem 0.5rem; font-size: 0.85rem; color: var(--mn-muted); }
      .note.warn { color: var(--mn-warn); }
      .searching { padding: 0.35rem 0.5rem 0; }
      .note[role='option'] { display: block; cursor: default; padding: 0.3rem 0.5rem; color: var(--mn-muted); }
      .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    `,
  ];

  constructor() {
    super();
    this.size = 'small';
    this.query = '';
    this.groups = [];
    this.active = -1;
    this.open = false;
    this.busy = false;
    this.engine = null;
  }

  /** Puts the cursor in the box (the `/` key does this). */
  focus() {
    this.renderRoot.querySelector('input')?.focus();
  }

  private options(): Result[] {
    return this.groups.flatMap((g) => g.results);
  }

  private onInput(e: InputEvent) {
    this.query = (e.target as HTMLInputElement).value;
    this.active = -1;
    clearTimeout(this.timer);
    this.abort?.abort();
    if (!this.query.trim()) {
      this.groups = [];
      this.open = false;
      this.busy = false;
      return;
    }
    this.busy = true;
    this.open = true;
    this.timer = setTimeout(() => void this.run(this.query.trim()), 180);
  }

  private async run(q: string) {
    const abort = new AbortController();
    this.abort = abort;
    void webSearch().then((e) => (this.engine = e));
    try {
      const answer = await api<{ groups: Group[] }>(`/api/search?q=${encodeURIComponent(q)}&limit=6`, { signal: abort.signal });
      if (abort.signal.aborted) return;
      this.groups = answer.groups;
      this.active = -1;
    } catch (err) {
      if (abort.signal.aborted) return;
      this.groups = [{ plugin: 'core', title: 'Search', results: [], state: 'failed', message: (err as Error).message }];
    } finally {
      if (this.abort === abort) this.busy = false;
    }
  }

  private go(result: Result) {
    this.open = false;
    if (result.href.startsWith('#/')) location.hash = result.href.slice(1);
    else window.open(result.href, '_blank', 'noopener');
  }

  private onKey(e: KeyboardEvent) {
    const options = this.options();
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!this.open && this.query.trim()) this.open = true;
      if (!options.length) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      this.active = this.active < 0 ? (step > 0 ? 0 : options.length - 1) : (this.active + step + options.length) % options.length;
      void this.updateComplete.then(() => this.renderRoot.querySelector(`#${this.uid}-o${this.active}`)?.scrollIntoView({ block: 'nearest' }));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const chosen = options[this.active];
      if (chosen) return this.go(chosen);
      const q = this.query.trim();
      if (q && this.engine) window.open(this.engine.url.replace('%s', encodeURIComponent(q)), '_blank', 'noopener');
    } else if (e.key === 'Escape') {
      if (this.open) this.open = false;
      else { this.query = ''; this.groups = []; }
    }
  }

  private panel() {
    if (!this.open || !this.query.trim()) return nothing;
    let n = 0;
    const groups = this.groups.filter((g) => g.results.length || g.state !== 'ok');
    const none = !this.busy && this.options().length === 0;
    return html`<div class="panel" id="${this.uid}-list" role="listbox" aria-label="Search results" aria-busy=${this.busy ? 'true' : 'false'}>
      ${groups.map((g, gi) => html`<div role="group" aria-labelledby="${this.uid}-g${gi}">
        <p class="group-title" id="${this.uid}-g${gi}" role="presentation">${g.title}</p>
        ${g.state !== 'ok' ? html`<p class="note warn" role="presentation" title=${g.detail ?? nothing}>${g.message}${g.detail ? html` <span class="muted">(${g.detail})</span>` : nothing}</p>` : nothing}
        ${g.results.map((r) => {
          const i = n++;
          return html`<div role="option" id="${this.uid}-o${i}" aria-selected=${i === this.active ? 'true' : 'false'} @mousedown=${(e: Event) => e.preventDefault()} @click=${() => this.go(r)} @mousemove=${() => (this.active = i)}>
            ${r.image ? html`<span class="pic"><img src=${r.image} alt=""></span>` : html`<span class="pic none" aria-hidden="true">${r.title.slice(0, 1).toUpperCase()}</span>`}
            <span class="t"><b>${r.title}</b>${r.subtitle ? html`<small>${r.subtitle}</small>` : nothing}</span>
            ${r.kind ? html`<span class="kind">${r.kind}</span>` : nothing}
          </div>`;
        })}
      </div>`)}
      ${this.busy && !groups.length ? html`<div class="searching" role="presentation" data-searching><mn-skeleton kind="rows" lines="3"></mn-skeleton></div>` : nothing}
      ${none ? html`<div class="note" role="option" aria-disabled="true" aria-selected="false" data-empty="search">Nothing found for “${this.query.trim()}”. ${this.engine ? `Press Enter to search ${this.engine.name}, or check the spelling.` : 'Check the spelling, or try a shorter word.'}</div>` : nothing}
    </div>`;
  }

  render() {
    const count = this.options().length;
    const expanded = this.open && !!this.query.trim();
    return html`
      <input type="search" role="combobox" aria-label="Search apps, pages and media" placeholder="Search apps, pages and media…" autocomplete="off" spellcheck="false"
        aria-expanded=${expanded ? 'true' : 'false'} aria-controls="${this.uid}-list" aria-autocomplete="list"
        aria-activedescendant=${this.active >= 0 ? `${this.uid}-o${this.active}` : nothing}
        .value=${this.query} @input=${this.onInput} @keydown=${this.onKey} @focus=${() => { void webSearch().then((e) => (this.engine = e)); if (this.query.trim()) this.open = true; }} @blur=${() => (this.open = false)}>
      ${this.query ? nothing : html`<span class="keyhint" aria-hidden="true">/</span>`}
      ${this.panel()}
      <p class="sr" role="status" aria-live="polite">${expanded && !this.busy ? `${count} ${count === 1 ? 'result' : 'results'}` : ''}</p>
    `;
  }
}
customElements.define('mn-search', MnSearch);
