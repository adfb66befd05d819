// <mn-links-tiles>: the household's apps as tiles, grouped, with icons and a live up/down dot.
// Plain JS, no build step: `lit` and `@medianest/sdk/browser` come from the portal's import map.
import { LitElement, html, css, nothing } from 'lit';
import { api, live, onConnectionChange } from '@medianest/sdk/browser';
import { avatarColour, initial, DOT_WORDS } from './avatar.js';

export class LinksTiles extends LitElement {
  static properties = { tiles: { state: true }, error: { state: true }, admin: { state: true } };

  static styles = css`
    :host { display: block; --up: var(--mn-ok, #1a7f37); --down: var(--mn-bad, #cf222e); --slow: var(--mn-warn, #9a6700); --unknown: var(--mn-idle, #6e7781); }
    h3 { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--mn-muted, #5b6678); margin: 0.75rem 0 0.4rem; }
    section:first-child h3 { margin-top: 0; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 13rem), 1fr)); }
    a.tile { display: grid; grid-template-columns: 2.25rem 1fr auto; align-items: center; gap: 0.6rem; padding: 0.55rem 0.65rem; border-radius: 8px;
      border: 1px solid var(--mn-border, #dde3ec); background: var(--mn-bg, #f4f6fa); color: var(--mn-text, #1c2330); text-decoration: none; min-width: 0; }
    a.tile:hover { border-color: var(--mn-accent, #2f6feb); }
    a.tile:focus-visible { outline: 2px solid var(--mn-accent, #2f6feb); outline-offset: 2px; }
    .icon { width: 2.25rem; height: 2.25rem; border-radius: 8px; display: grid; place-items: center; background: #fff; overflow: hidden; }
    .icon img { width: 1.6rem; height: 1.6rem; object-fit: contain; }
    .icon.letter[data-colour='0'] { background: #2f6feb; } .icon.letter[data-colour='1'] { background: #1a7f37; } .icon.letter[data-colour='2'] { background: #8250df; } .icon.letter[data-colour='3'] { background: #bf3989; }
    .icon.letter[data-colour='4'] { background: #0a7d8c; } .icon.letter[data-colour='5'] { background: #9a6700; } .icon.letter[data-colour='6'] { background: #cf222e; } .icon.letter[data-colour='7'] { background: #57606a; }
    .icon.letter { color: #fff; font-weight: 700; font-size: 1.05rem; }
    .text { min-width: 0; }
    .name { font-weight: 600; display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .desc { font-size: 0.8rem; color: var(--mn-muted, #5b6678); display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .dot { display: inline-flex; align-items: center; gap: 0.3rem; font-size: 0.75rem; font-weight: 600; }
    .dot::before { content: ''; width: 0.65rem; height: 0.65rem; border-radius: 50%; background: currentColor; }
    .dot.up { color: var(--up); } .dot.slow { color: var(--slow); } .dot.down { color: var(--down); } .dot.unknown { color: var(--unknown); }
    .dot .word { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    .dot.down .word, .dot.slow .word { position: static; width: auto; height: auto; clip: auto; }
    .muted { color: var(--mn-muted, #5b6678); margin: 0; }
    .error { color: var(--mn-bad, #cf222e); margin: 0; }
    .empty { margin: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
    a.action { display: inline-block; padding: 0.4rem 0.8rem; border-radius: 6px; background: var(--mn-accent, #2f6feb); color: var(--mn-on-accent, #fff); font-weight: 600; text-decoration: none; }
    a.action:focus-visible { outline: 3px solid var(--mn-focus, #2f6feb); outline-offset: 2px; }
  `;

  connectedCallback() {
    super.connectedCallback();
    this.load();
    this.stopLive = live('links.status', ({ states }) => {
      if (!this.tiles) return;
      const admin = this.tiles.some((t) => t.status.reason);
      this.tiles = this.tiles.map((t) => (states[t.id] ? { ...t, status: { ...t.status, ...states[t.id] } } : t));
      // Admins see why a dot is what it is: the reasons are not in the event, read them.
      if (admin) this.loadReasons();
    });
    let wasDown = false;
    this.stopConnection = onConnectionChange((up) => {
      if (up && wasDown) this.load();
      wasDown = !up;
    });
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopLive?.();
    this.stopConnection?.();
  }

  async load() {
    try {
      const [list, me] = await Promise.all([api('/api/plugins/links/tiles'), api('/api/me').catch(() => ({ user: null }))]);
      this.admin = me.user?.role === 'admin';
      this.tiles = list.tiles;
      this.error = undefined;
    } catch (err) {
      this.error = err.status === 0 || err.status >= 500 ? "Your apps aren't available right now; trying again shortly." : err.message;
      clearTimeout(this.retry);
      this.retry = setTimeout(() => this.load(), 10_000);
    }
  }

  async loadReasons() {
    try {
      const { statuses } = await api('/api/plugins/links/status');
      this.tiles = this.tiles.map((t) => (statuses[t.id] ? { ...t, status: statuses[t.id] } : t));
    } catch { /* the dots are current; only the reasons wait for the next check */ }
  }

  groups() {
    const groups = new Map();
    for (const t of this.tiles) {
      const list = groups.get(t.group) ?? [];
      list.push(t);
      groups.set(t.group, list);
    }
    return [...groups.entries()].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  }

  tile(t) {
    const s = t.status ?? { state: 'unknown', reason: '' };
    const word = DOT_WORDS[s.state] ?? s.state;
    const hover = s.reason ? `${word}: ${s.reason}` : word;
    const icon = t.iconUrl
      ? html`<span class="icon"><img src=${t.iconUrl} alt="" width="26" height="26" loading="lazy" decoding="async"></span>`
      : html`<span class="icon letter" data-colour=${avatarColour(t.name)} aria-hidden="true">${initial(t.name)}</span>`;
    return html`<li><a class="tile" href=${t.url} target=${t.newTab ? '_blank' : '_self'} rel=${t.newTab ? 'noopener noreferrer' : nothing} data-tile=${t.id}>
      ${icon}
      <span class="text"><span class="name">${t.name}</span>${t.description ? html`<span class="desc">${t.description}</span>` : nothing}</span>
      ${t.check.kind === 'none' ? nothing : html`<span class="dot ${s.state}" title=${hover} data-state=${s.state}><span class="word">${word}</span></span>`}
    </a></li>`;
  }

  render() {
    if (this.error && !this.tiles) return html`<p class="error" role="alert">${this.error}</p>`;
    // The portal's placeholder tiles, the size of real ones, until the list comes.
    if (!this.tiles) return html`<mn-skeleton kind="tiles" lines="4"></mn-skeleton>`;
    if (this.tiles.length === 0) {
      return this.admin
        ? html`<p class="empty" data-empty="apps"><span class="muted">No apps on the dashboard yet.</span><a class="action" href="#/p/links/manage">Add your first app</a></p>`
        : html`<p class="muted empty" data-empty="apps">Nothing here yet — an admin can add apps.</p>`;
    }
    return html`${this.groups().map(([name, list]) => html`<section aria-label=${name || 'Other apps'}>
      ${name ? html`<h3>${name}</h3>` : nothing}
      <ul>${list.map((t) => this.tile(t))}</ul>
    </section>`)}`;
  }
}
customElements.define('mn-links-tiles', LinksTiles);
