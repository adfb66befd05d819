// <mn-youtube-item>: one download — title, state in colour and word, a progress bar with percent,
// speed, time left and "item 3 of 12", and the buttons that fit its state.
import { LitElement, html, css, nothing } from 'lit';
import { api } from '@medianest/sdk/browser';
import { bytes, eta, speed, state, titleOf, when } from './format.js';

export class YoutubeItem extends LitElement {
  static properties = { download: { attribute: false }, compact: { type: Boolean }, busy: { state: true }, problem: { state: true } };

  static styles = css`
    :host { display: block; padding: 0.6rem 0; border-top: 1px solid var(--mn-border, #dde3ec); font-variant-numeric: tabular-nums; }
    .top { display: flex; gap: 0.5rem; align-items: baseline; justify-content: space-between; }
    .title { font-weight: 600; overflow-wrap: anywhere; min-width: 0; }
    .state { flex: none; font-size: 0.8rem; font-weight: 600; padding: 0.05em 0.55em; border-radius: 999px; border: 1px solid currentColor; white-space: nowrap; }
    .ok { color: var(--mn-ok, #1a7f37); } .bad { color: var(--mn-bad, #cf222e); } .warn { color: var(--mn-warn, #9a6700); }
    .accent { color: var(--mn-accent, #2f6feb); } .idle { color: var(--mn-muted, #5b6678); }
    .bar { height: 0.55rem; border-radius: 999px; background: var(--mn-border, #dde3ec); overflow: hidden; margin: 0.4rem 0 0.2rem; }
    .bar > div { height: 100%; background: var(--mn-accent, #2f6feb); transition: width 0.4s ease; }
    .bar.unknown > div { width: 30%; animation: slide 1.2s linear infinite; }
    @keyframes slide { from { margin-left: -30%; } to { margin-left: 100%; } }
    @media (prefers-reduced-motion: reduce) { .bar.unknown > div { animation: none; width: 100%; opacity: 0.4; } }
    .figures, .meta { color: var(--mn-muted, #5b6678); font-size: 0.85rem; display: flex; flex-wrap: wrap; gap: 0.25rem 0.9rem; }
    .error { color: var(--mn-bad, #cf222e); font-size: 0.9rem; margin: 0.25rem 0 0; overflow-wrap: anywhere; }
    .note { font-size: 0.9rem; margin: 0.25rem 0 0; overflow-wrap: anywhere; }
    .detail { font-size: 0.8rem; color: var(--mn-muted, #5b6678); overflow-wrap: anywhere; margin: 0.2rem 0 0; font-family: ui-monospace, monospace; }
    .actions { display: flex; gap: 0.5rem; margin-top: 0.35rem; flex-wrap: wrap; }
    button { font: inherit; font-size: 0.85rem; min-height: 2rem; padding: 0.2rem 0.8rem; border-radius: 6px; border: 1px solid var(--mn-border, #dde3ec); background: var(--mn-surface, #fff); color: var(--mn-text, #1c2330); cursor: pointer; }
    button:hover { border-color: var(--mn-accent, #2f6feb); }
    button:disabled { opacity: 0.6; cursor: default; }
  `;

  async act(path, method = 'POST') {
    this.busy = true;
    this.problem = undefined;
    try {
      const answer = await api(`/api/plugins/youtube/downloads/${this.download.id}${path}`, { method });
      this.dispatchEvent(new CustomEvent('changed', { detail: answer?.download ?? { id: this.download.id, removed: true }, bubbles: true, composed: true }));
    } catch (err) {
      this.problem = err.message;
    } finally {
      this.busy = false;
    }
  }

  // The width is set through the DOM, not a style attribute: the portal's CSP allows no inline styles.
  updated() {
    const fill = this.renderRoot.querySelector('.fill');
    if (fill) fill.style.width = fill.dataset.width ? `${fill.dataset.width}%` : '';
  }

  render() {
    const d = this.download;
    if (!d) return nothing;
    const [word, tone] = state(d);
    const active = ['queued', 'dispatched', 'running'].includes(d.status);
    const downloading = d.status === 'running' && d.phase === 'downloading';
    const pct = d.percent === null || d.percent === undefined ? null : Math.min(100, Math.max(0, d.percent));
    const item = d.group ? `item ${d.group.index} of ${d.group.size}` : '';
    return html`
      <div class="top" data-id=${d.id} data-status=${d.status}>
        <span class="title">${titleOf(d)}</span>
        <span class="state ${tone}">${word}</span>
      </div>
      ${d.status === 'running' ? html`
        <div class="bar ${pct === null ? 'unknown' : ''}" role="progressbar" aria-label="Progress of ${titleOf(d)}" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${pct === null ? nothing : Math.round(pct)}>
          <div class="fill" data-width=${pct === null ? '' : pct}></div>
        </div>
        <div class="figures">
          ${pct !== null && downloading ? html`<span class="percent">${pct.toFixed(pct < 10 ? 1 : 0)}%</span>` : nothing}
          ${downloading && d.bytesTotal ? html`<span>${bytes(d.bytesDone)} of ${bytes(d.bytesTotal)}</span>` : nothing}
          ${downloading && d.speed ? html`<span class="speed">${speed(d.speed)}</span>` : nothing}
          ${downloading && d.eta !== null ? html`<span class="eta">${eta(d.eta)}</span>` : nothing}
          ${item ? html`<span class="item">${item}</span>` : nothing}
        </div>` : html`
        <div class="meta">
          ${item ? html`<span class="item">${item}${d.group.title ? ` · ${d.group.title}` : ''}</span>` : nothing}
          ${!this.compact && d.finishedAt ? html`<span>${when(d.finishedAt)}</span>` : nothing}
          ${!this.compact && d.status === 'done' && d.file ? html`<span class="file">${d.file}</span>` : nothing}
          ${d.plex ? html`<span class="plex">${d.plex}</span>` : nothing}
        </div>`}
      ${d.error ? html`<p class=${d.status === 'skipped' ? 'note' : 'error'}>${d.error}</p>` : nothing}
      ${d.errorDetail ? html`<p class="detail">yt-dlp: ${d.errorDetail}</p>` : nothing}
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.compact ? nothing : html`<div class="actions">
        ${active ? html`<button ?disabled=${this.busy} @click=${() => this.act('/cancel')}>Cancel</button>` : nothing}
        ${['failed', 'canceled', 'skipped'].includes(d.status) ? html`<button ?disabled=${this.busy} @click=${() => this.act('/retry')}>${d.status === 'skipped' ? 'Download again' : 'Try again'}</button>` : nothing}
        ${active ? nothing : html`<button ?disabled=${this.busy} @click=${() => this.act('', 'DELETE')} aria-label="Remove ${titleOf(d)} from the history">Remove</button>`}
      </div>`}
    `;
  }
}
if (!customElements.get('mn-youtube-item')) customElements.define('mn-youtube-item', YoutubeItem);
