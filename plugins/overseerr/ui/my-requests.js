// <mn-overseerr-my-requests>: your requests, newest first, each with where it stands; updated live.
import { LitElement, css, html, nothing } from 'lit';
import { api, live, onConnectionChange } from '@medianest/sdk/browser';
import { shared } from './styles.js';
import { kindYear, seasonList, state, when } from './words.js';

export class OverseerrMyRequests extends LitElement {
  static properties = { data: { state: true }, error: { state: true } };

  static styles = [
    shared,
    css`
      li { display: grid; grid-template-columns: 3rem 1fr auto; gap: 0.75rem; align-items: center; padding: 0.5rem 0; border-top: 1px solid var(--mn-border, #dde3ec); }
      li:first-child { border-top: 0; }
      .title { font-weight: 600; overflow-wrap: anywhere; }
      @media (max-width: 480px) { li { grid-template-columns: 3rem 1fr; } li .pill { grid-column: 2; justify-self: start; } }
    `,
  ];

  connectedCallback() {
    super.connectedCallback();
    this.load();
    this.stopLive = live('overseerr.request', ({ request }) => this.update1(request));
    let wasDown = false;
    this.stopConnection = onConnectionChange((up) => {
      if (up && wasDown) this.load(); // events missed meanwhile
      wasDown = !up;
    });
    this.onRequested = (e) => this.update1(e.detail);
    window.addEventListener('requested', this.onRequested);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopLive?.();
    this.stopConnection?.();
    window.removeEventListener('requested', this.onRequested);
  }

  async load() {
    try {
      this.data = await api('/api/plugins/overseerr/requests/mine');
      this.error = undefined;
    } catch (err) {
      this.error = err.message;
    }
  }

  /** One request changed or is new: replace it, keep newest first. */
  update1(request) {
    if (!this.data?.linked || !request) return;
    const rest = this.data.requests.filter((r) => r.id !== request.id);
    const requests = [...rest, request].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
    this.data = { ...this.data, requests };
  }

  render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    if (!this.data) return html`<mn-skeleton kind="rows" lines="2"></mn-skeleton>`;
    if (!this.data.linked) return html`<p class="notice">${this.data.message}</p>`;
    if (!this.data.requests.length) return html`<p class="muted" data-empty="my-requests">You have not requested anything yet. Search above to find a film or show.</p>`;
    return html`<ul aria-label="My requests">
      ${this.data.requests.map((r) => {
        const s = state(r.state);
        return html`<li data-request=${r.id} data-state=${r.state}>
          ${r.posterUrl ? html`<img class="poster" src=${r.posterUrl} alt="" loading="lazy" />` : html`<div class="noposter" aria-hidden="true"></div>`}
          <div>
            <div class="title">${r.title}${r.is4k ? ' (4K)' : ''}</div>
            <div class="muted small">${[kindYear(r), seasonList(r.seasons), `asked ${when(r.createdAt)}`].filter(Boolean).join(' · ')}</div>
          </div>
          <span class="pill ${s.tone}" data-state-word>${s.word}</span>
        </li>`;
      })}
    </ul>`;
  }
}
customElements.define('mn-overseerr-my-requests', OverseerrMyRequests);
