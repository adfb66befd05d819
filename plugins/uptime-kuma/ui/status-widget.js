// <mn-uptime-kuma-status>: the household's services from Uptime Kuma, grouped as on its status
// pages, updated live. Plain JS, no build step: `lit` and `@medianest/sdk/browser` come from the
// portal's import map. Every state is shown as colour and word.
import { LitElement, html, css, nothing } from 'lit';
import { api, live, onConnectionChange } from '@medianest/sdk/browser';
import { WORDS, percent, span, verb, when } from './format.js';

export class UptimeKumaStatus extends LitElement {
  static properties = { view: { state: true }, history: { state: true }, error: { state: true }, now: { state: true } };

  static styles = css`
    :host { display: block; font-variant-numeric: tabular-nums; --up: var(--mn-ok, #1a7f37); --down: var(--mn-bad, #cf222e); --pending: var(--mn-warn, #9a6700); --maintenance: var(--mn-accent, #2f6feb); --unknown: var(--mn-idle, #6e7781); }
    p { margin: 0.4rem 0; }
    .muted { color: var(--mn-muted, #5b6678); font-size: 0.85rem; }
    .banner { border: 1px solid var(--down); border-left-width: 4px; border-radius: 6px; padding: 0.5rem 0.75rem; margin: 0 0 0.75rem; }
    .banner strong { color: var(--down); }
    .banner .muted { overflow-wrap: anywhere; }
    .notice { border-left: 4px solid var(--pending); padding: 0.25rem 0.75rem; margin: 0 0 0.75rem; overflow-wrap: anywhere; }
    .incident { border-radius: 6px; padding: 0.5rem 0.75rem; margin: 0 0 0.75rem; border: 1px solid var(--mn-border, #dde3ec); border-left: 4px solid var(--maintenance); }
    .incident.warning { border-left-color: var(--pending); }
    .incident.danger { border-left-color: var(--down); }
    .incident.primary, .incident.info { border-left-color: var(--maintenance); }
    .incident h4 { margin: 0; font-size: 0.95rem; }
    .incident p { white-space: pre-line; }
    h3 { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--mn-muted, #5b6678); margin: 0.9rem 0 0.35rem; }
    h3.page { font-size: 0.95rem; text-transform: none; letter-spacing: 0; color: inherit; }
    ul { list-style: none; margin: 0; padding: 0; }
    li.monitor { display: grid; grid-template-columns: minmax(6.5rem, auto) 1fr auto; align-items: center; gap: 0.25rem 0.75rem; padding: 0.4rem 0; border-top: 1px solid var(--mn-border, #dde3ec); }
    .name { font-weight: 600; overflow-wrap: anywhere; }
    .figures { color: var(--mn-muted, #5b6678); font-size: 0.85rem; text-align: right; white-space: nowrap; }
    .state { display: inline-flex; align-items: center; gap: 0.35em; font-size: 0.8rem; font-weight: 600; padding: 0.05em 0.55em; border-radius: 999px; border: 1px solid currentColor; white-space: nowrap; justify-self: start; }
    .state::before { content: ''; width: 0.55em; height: 0.55em; border-radius: 50%; background: currentColor; }
    .up { color: var(--up); } .down { color: var(--down); } .pending { color: var(--pending); } .maintenance { color: var(--maintenance); } .unknown { color: var(--unknown); }
    .beats { grid-column: 1 / -1; display: flex; gap: 2px; height: 0.9rem; }
    .beats span { flex: 1 1 0; max-width: 0.45rem; border-radius: 2px; background: currentColor; }
    .stale li.monitor { opacity: 0.6; }
    .changes li { padding: 0.2rem 0; font-size: 0.9rem; }
    @media (max-width: 480px) {
      li.monitor { grid-template-columns: auto 1fr; }
      .figures { grid-column: 1 / -1; text-align: left; }
    }
  `;

  connectedCallback() {
    super.connectedCallback();
    this.now = Date.now();
    this.load();
    this.stopLive = live('uptime-kuma.status', ({ view, changes }) => {
      this.view = view;
      this.error = undefined;
      if (changes?.length) this.loadHistory();
    });
    // A poll that changed nothing shown sends only its time: the states are current.
    this.stopChecked = live('uptime-kuma.checked', ({ checkedAt }) => {
      if (this.view) this.view = { ...this.view, upstream: { ...this.view.upstream, checkedAt } };
    });
    // Events missed while the live connection was down: read the current view again.
    let wasDown = false;
    this.stopConnection = onConnectionChange((up) => {
      if (up && wasDown) this.load();
      wasDown = !up;
    });
    this.clock = setInterval(() => (this.now = Date.now()), 15_000);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopLive?.();
    this.stopChecked?.();
    this.stopConnection?.();
    clearInterval(this.clock);
  }

  async load() {
    try {
      this.view = await api('/api/plugins/uptime-kuma/status');
      this.error = undefined;
    } catch (err) {
      this.error = `Service status is unavailable: ${err.message}`;
    }
    this.loadHistory();
  }

  async loadHistory() {
    try {
      this.history = (await api('/api/plugins/uptime-kuma/history?limit=5')).changes;
    } catch {
      // the history is extra: the states above still show
    }
  }

  render() {
    const v = this.view;
    if (!v) return this.error ? html`<p class="banner" role="alert">${this.error}</p>` : html`<mn-skeleton lines="3"></mn-skeleton>`;
    if (v.upstream.state === 'waiting') return html`<p class="muted">Asking Uptime Kuma for the first time…</p>`;
    return html`
      ${this.error ? html`<p class="notice" role="alert">${this.error}</p>` : nothing}
      ${this.renderUpstream(v)}
      ${this.notes(v)}
      ${v.pages.map((p) => this.renderPage(p, v.pages.length > 1))}
      ${this.renderHistory()}
    `;
  }

  renderUpstream(v) {
    const checked = v.upstream.checkedAt ? Date.parse(v.upstream.checkedAt) : this.now;
    if (v.upstream.state === 'unreachable') {
      const shown = v.pages.map((p) => p.fetchedAt).filter(Boolean).sort().at(-1);
      return html`<div class="banner" role="alert" data-unreachable>
        <p><strong>Uptime Kuma unreachable since ${when(v.upstream.since)}</strong>${shown ? html` · showing the states of ${when(shown)}` : nothing}</p>
        <p class="muted">${v.upstream.error}</p>
      </div>`;
    }
    if (this.now - checked > Math.max(3 * v.pollIntervalMs, 60_000)) {
      return html`<p class="notice" role="status">Not checked since ${when(v.upstream.checkedAt)}: the states below may be old.</p>`;
    }
    return nothing;
  }

  /** Incidents and maintenance of every page, at the top, each once even when several pages carry it. */
  notes(v) {
    const seen = new Set();
    const once = (key) => !seen.has(key) && seen.add(key);
    return v.pages.flatMap((p) => [
      ...(p.incident && once(`i:${p.incident.title}:${p.incident.content}`) ? [this.renderIncident(p.incident)] : []),
      ...p.maintenance.filter((m) => once(`m:${m.id}`)).map((m) => this.renderMaintenance(m)),
    ]);
  }

  renderIncident(incident) {
    return html`<section class="incident ${incident.style}" role="note">
      <h4>${incident.title}</h4>
      ${incident.content ? html`<p>${incident.content}</p>` : nothing}
      ${incident.createdAt ? html`<p class="muted">Posted ${when(incident.updatedAt ?? incident.createdAt)}</p>` : nothing}
    </section>`;
  }

  renderMaintenance(m) {
    return html`<section class="incident maintenance-window" role="note">
      <h4><span class="state maintenance">maintenance</span> ${m.title}</h4>
      ${m.description ? html`<p>${m.description}</p>` : nothing}
    </section>`;
  }

  renderPage(page, titled) {
    const stale = Boolean(page.error);
    return html`<section class=${stale ? 'stale' : ''} data-page=${page.slug}>
      ${titled ? html`<h3 class="page">${page.title}</h3>` : nothing}
      ${stale && this.view.upstream.state !== 'unreachable'
        ? html`<p class="notice" role="status">${page.title}: ${page.error}.${page.fetchedAt ? ` Showing the states of ${when(page.fetchedAt)}.` : ''}</p>`
        : nothing}
      ${page.groups.map((g) => html`<h3>${g.name}</h3><ul>${g.monitors.map((m) => this.renderMonitor(m, stale))}</ul>`)}
    </section>`;
  }

  renderMonitor(m, stale) {
    const word = WORDS[m.status] ?? m.status;
    const since = m.since && m.status !== 'up' ? ` for ${m.sinceExact ? '' : 'at least '}${span(this.now - Date.parse(m.since))}` : '';
    return html`<li class="monitor" data-monitor=${m.id} data-status=${m.status}>
      <span class="state ${m.status}">${word}${stale ? ' (stale)' : ''}</span>
      <span class="name">${m.name}<span class="muted">${since}</span></span>
      <span class="figures">${percent(m.uptime24h)} <abbr title="uptime over 24 hours">24 h</abbr>${m.pingMs !== null ? html` · ${m.pingMs} ms` : nothing}</span>
      <span class="beats" role="img" aria-label=${`Recent checks of ${m.name}: ${m.beats.filter((b) => b.status === 'up').length} of ${m.beats.length} up`}>
        ${m.beats.map((b) => html`<span class=${b.status} title=${`${WORDS[b.status]} · ${when(b.at)}${b.pingMs !== null ? ` · ${b.pingMs} ms` : ''}`}></span>`)}
      </span>
    </li>`;
  }

  renderHistory() {
    if (!this.history?.length) return nothing;
    return html`<h3>Recent changes</h3>
      <ul class="changes">
        ${this.history.map((c) => html`<li>
          <span class="state ${c.to}">${WORDS[c.to] ?? c.to}</span> ${c.name} ${verb(c)} at ${when(c.at)}
          <span class="muted">${c.endedAt ? `· lasted ${span(c.durationMs)}` : `· ${span(this.now - Date.parse(c.at))} so far`}</span>
        </li>`)}
      </ul>`;
  }
}

customElements.define('mn-uptime-kuma-status', UptimeKumaStatus);
