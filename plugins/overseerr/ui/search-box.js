// <mn-overseerr-search-box>: search films and shows; each result shows its poster, year, overview
// and whether it is available, partly available, requested or downloading, with a Request button.
import { LitElement, css, html, nothing } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from './styles.js';
import { availability, kindYear } from './words.js';
import './request-form.js';

export class OverseerrSearchBox extends LitElement {
  static properties = {
    me: { attribute: false },
    compact: { type: Boolean },
    query: { state: true },
    results: { state: true },
    error: { state: true },
    busy: { state: true },
    open: { state: true },
  };

  static styles = [
    shared,
    css`
      form { display: flex; gap: 0.5rem; }
      input[type='search'] { flex: 1 1 auto; min-width: 0; }
      ul.results { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr)); gap: 0.75rem; margin-top: 0.75rem; }
      li.result { display: grid; grid-template-columns: 5.5rem 1fr; gap: 0.75rem; align-items: start; border: 1px solid var(--mn-border, #dde3ec); border-radius: 8px; padding: 0.6rem; background: var(--mn-surface, #fff); }
      h3 { font-size: 1rem; margin: 0; overflow-wrap: anywhere; }
      .overview { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; font-size: 0.9rem; }
      .form { grid-column: 1 / -1; }
      .row { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; margin-top: 0.35rem; }
    `,
  ];

  constructor() {
    super();
    this.query = '';
    this.open = undefined;
  }

  connectedCallback() {
    super.connectedCallback();
    // A link from the portal's search box: #/p/overseerr/?q=…, also while this page is open.
    this.fromHash = () => {
      const q = new URLSearchParams(location.hash.split('?')[1] ?? '').get('q');
      if (q && !this.compact && q !== this.query) {
        this.query = q;
        this.search();
      }
    };
    this.fromHash();
    window.addEventListener('hashchange', this.fromHash);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.fromHash);
  }

  async search(e) {
    e?.preventDefault();
    const q = this.query.trim();
    if (!q) {
      this.error = 'Type part of a title to search for';
      return;
    }
    this.busy = true;
    this.error = undefined;
    try {
      const found = await api(`/api/plugins/overseerr/search?q=${encodeURIComponent(q)}`);
      this.results = found.results;
      this.open = undefined;
    } catch (err) {
      this.error = err.message;
    } finally {
      this.busy = false;
    }
  }

  key(t) {
    return `${t.mediaType}-${t.tmdbId}`;
  }

  render() {
    return html`
      <form role="search" @submit=${this.search}>
        <label class="visually-hidden" for="q">Search films and shows</label>
        <input id="q" type="search" placeholder="Film or show title" .value=${this.query} @input=${(e) => (this.query = e.target.value)} />
        <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? 'Searching…' : 'Search'}</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.results && !this.results.length ? html`<p class="muted">Nothing found for “${this.query.trim()}”.</p>` : nothing}
      ${this.results?.length ? html`<ul class="results" aria-label="Search results">${this.results.slice(0, this.compact ? 6 : 40).map((t) => this.result(t))}</ul>` : nothing}
    `;
  }

  result(t) {
    const a = availability(t.availability);
    const a4k = t.availability4k !== 'none' ? availability(t.availability4k) : undefined;
    const canRequest = this.me?.linked && t.availability !== 'available' && t.availability !== 'blocklisted';
    const key = this.key(t);
    return html`<li class="result" data-title=${key}>
      ${t.posterUrl ? html`<img class="poster" src=${t.posterUrl} alt="" loading="lazy" />` : html`<div class="noposter" aria-hidden="true">No poster</div>`}
      <div>
        <h3>${t.title}</h3>
        <p class="muted small">${kindYear(t)}</p>
        <div class="row">
          ${a ? html`<span class="pill ${a.tone}" data-availability=${t.availability}>${a.word}</span>` : nothing}
          ${a4k ? html`<span class="pill ${a4k.tone}">4K: ${a4k.word}</span>` : nothing}
        </div>
        ${this.compact ? nothing : html`<p class="overview">${t.overview}</p>`}
        ${canRequest && this.open !== key ? html`<div class="row"><button type="button" @click=${() => (this.open = key)} aria-label=${`Request ${t.title}`}>Request…</button></div>` : nothing}
      </div>
      ${this.open === key ? html`<div class="form"><mn-overseerr-request-form .title=${t} .me=${this.me} @requested=${() => this.requested(t)}></mn-overseerr-request-form></div>` : nothing}
    </li>`;
  }

  requested(t) {
    // Shown as requested at once; the next search shows what Overseerr says.
    if (t.availability === 'none') this.results = this.results.map((r) => (r === t ? { ...r, availability: 'pending' } : r));
  }
}
customElements.define('mn-overseerr-search-box', OverseerrSearchBox);
