// <mn-plex-page>: the Plex page: search across libraries, libraries with counts, browse one page
// at a time (sorted, with posters). Every item opens in Plex.
import { LitElement, html, css, nothing } from 'lit';
import { api } from '@medianest/sdk/browser';
import { base, problem, tile } from './shared.js';

const PAGE = 60;
const SORTS = [['title', 'Title A–Z'], ['-title', 'Title Z–A'], ['-added', 'Newest first'], ['added', 'Oldest first'], ['-year', 'Year, newest'], ['year', 'Year, oldest']];

export class PlexPage extends LitElement {
  static properties = { admin: { state: true }, libraries: { state: true }, current: { state: true }, page: { state: true }, sort: { state: true }, start: { state: true }, results: { state: true }, query: { state: true }, error: { state: true }, busy: { state: true } };

  static styles = [base, css`
    :host { max-width: 72rem; }
    h2 { margin: 0 0 0.75rem; font-size: 1.3rem; }
    form.search { display: flex; gap: 0.5rem; margin: 0 0 1rem; flex-wrap: wrap; }
    input, select, button { font: inherit; padding: 0.4rem 0.6rem; border-radius: 6px; border: 1px solid var(--mn-border, #dde3ec); background: var(--mn-surface, #fff); color: inherit; }
    input[type=search] { flex: 1 1 14rem; min-width: 0; }
    button { cursor: pointer; }
    button[aria-pressed=true] { border-color: var(--mn-accent, #2f6feb); color: var(--mn-accent, #2f6feb); font-weight: 600; }
    .libraries { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0 0 1rem; padding: 0; list-style: none; }
    .count { color: var(--mn-muted, #5b6678); font-weight: 400; }
    .toolbar { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; justify-content: space-between; margin: 0 0 0.75rem; }
    .pager { display: flex; gap: 0.5rem; align-items: center; }
    .posters { grid-template-columns: repeat(auto-fill, minmax(8rem, 1fr)); }
    @media (max-width: 480px) { .posters { grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 0.5rem; } }
  `];

  constructor() {
    super();
    this.sort = 'title';
    this.start = 0;
    this.query = '';
  }

  connectedCallback() {
    super.connectedCallback();
    void this.loadLibraries();
  }

  async loadLibraries() {
    try {
      const [libraries, me] = await Promise.all([api('/api/plugins/plex/libraries'), api('/api/me').catch(() => ({ user: null }))]);
      this.admin = me.user?.role === 'admin';
      this.libraries = libraries;
      const first = this.libraries.libraries.find((l) => l.type === 'movie' || l.type === 'show') ?? this.libraries.libraries[0];
      if (first && !this.current) await this.open(first);
    } catch (err) {
      this.error = err.message;
    }
  }

  async open(library, start = 0) {
    this.current = library;
    this.start = start;
    this.results = undefined;
    this.busy = true;
    try {
      this.page = await api(`/api/plugins/plex/libraries/${library.id}/items?start=${start}&size=${PAGE}&sort=${encodeURIComponent(this.sort)}`);
      this.error = undefined;
    } catch (err) {
      this.error = err.message;
    } finally {
      this.busy = false;
    }
  }

  async search(event) {
    event.preventDefault();
    const q = new FormData(event.target).get('q')?.toString().trim() ?? '';
    this.query = q;
    if (!q) return void (this.results = undefined);
    try {
      this.results = await api(`/api/plugins/plex/search?q=${encodeURIComponent(q)}`);
      this.error = undefined;
    } catch (err) {
      this.error = err.message;
    }
  }

  browse() {
    const p = this.page;
    if (!this.current) return nothing;
    // Placeholder posters while the first page of a library comes (a page already shown stays while the next one loads).
    if (!p) return this.busy ? html`<mn-skeleton kind="tiles" lines="6"></mn-skeleton>` : nothing;
    if (p.total === 0) return html`<p class="muted" data-empty="library">Nothing in ${this.current.title} yet: what Plex adds to it shows up here.</p>`;
    const pages = Math.max(1, Math.ceil(p.total / PAGE));
    const at = Math.floor(p.start / PAGE) + 1;
    return html`<div class="toolbar">
        <label>Sort <select @change=${(e) => ((this.sort = e.target.value), this.open(this.current, 0))}>${SORTS.map(([v, t]) => html`<option value=${v} ?selected=${v === this.sort}>${t}</option>`)}</select></label>
        <div class="pager" role="navigation" aria-label="Pages">
          <button ?disabled=${at <= 1 || this.busy} @click=${() => this.open(this.current, p.start - PAGE)}>Previous</button>
          <span class="muted" aria-live="polite">Page ${at} of ${pages} · ${p.total.toLocaleString()} items</span>
          <button ?disabled=${at >= pages || this.busy} @click=${() => this.open(this.current, p.start + PAGE)}>Next</button>
        </div>
      </div>
      <ul class="posters" aria-busy=${this.busy ? 'true' : 'false'}>${p.items.map((i) => tile(i))}</ul>`;
  }

  /** No libraries on the server yet: admins are told where to add one, members who can. */
  empty() {
    return this.admin
      ? html`<p class="muted" data-empty="libraries">Plex has no libraries yet. Add one in Plex (Settings → Manage → Libraries): it shows up here within a few minutes.</p>`
      : html`<p class="muted" data-empty="libraries">Nothing on Plex yet — an admin can add films and shows.</p>`;
  }

  render() {
    const libs = this.libraries;
    return html`<form class="search" role="search" @submit=${this.search}>
        <input type="search" name="q" aria-label="Search every Plex library" placeholder="Search films, shows, music…" .value=${this.query} />
        <button type="submit">Search</button>
      </form>
      ${this.error ? html`<p class="notice" role="alert">${this.error}</p>` : nothing}
      ${libs ? problem(libs.problem) : html`<mn-skeleton lines="2"></mn-skeleton>`}
      ${this.results ? html`<h3>Results for “${this.query}”</h3>${problem(this.results.problem)}
          ${this.results.items.length ? html`<ul class="posters">${this.results.items.map((i) => tile(i))}</ul>` : html`<p class="muted">Nothing on Plex matches “${this.query}”.</p>`}
          <p><button @click=${() => ((this.results = undefined), (this.query = ''))}>Back to the libraries</button></p>`
        : html`${libs && !libs.problem && !libs.libraries.length ? this.empty() : nothing}
          ${libs?.libraries.length ? html`<ul class="libraries">${libs.libraries.map((l) => html`<li><button aria-pressed=${this.current?.id === l.id ? 'true' : 'false'} @click=${() => this.open(l)}>${l.title} <span class="count">${l.count.toLocaleString()}</span></button></li>`)}</ul>` : nothing}
          ${this.browse()}`}`;
  }
}
customElements.define('mn-plex-page', PlexPage);
