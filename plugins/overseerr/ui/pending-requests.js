// <mn-overseerr-pending>: everyone's requests waiting for approval, with Approve and Decline.
import { LitElement, css, html, nothing } from 'lit';
import { api, live } from '@medianest/sdk/browser';
import { shared } from './styles.js';
import { kindYear, seasonList, when } from './words.js';

export class OverseerrPending extends LitElement {
  static properties = { requests: { state: true }, error: { state: true }, busy: { state: true }, said: { state: true } };

  static styles = [
    shared,
    css`
      li { display: grid; grid-template-columns: 3rem 1fr auto; gap: 0.75rem; align-items: center; padding: 0.5rem 0; border-top: 1px solid var(--mn-border, #dde3ec); }
      li:first-child { border-top: 0; }
      .title { font-weight: 600; overflow-wrap: anywhere; }
      .actions { display: flex; gap: 0.4rem; }
      button.decline { color: var(--bad); border-color: currentColor; }
      @media (max-width: 480px) { li { grid-template-columns: 3rem 1fr; } .actions { grid-column: 1 / -1; } .actions button { flex: 1; } }
    `,
  ];

  connectedCallback() {
    super.connectedCallback();
    this.busy = new Set();
    this.load();
    // A request made or decided anywhere: read the list again.
    this.stopLive = live('overseerr.request', () => this.load());
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopLive?.();
  }

  async load() {
    try {
      this.requests = (await api('/api/plugins/overseerr/requests/pending')).requests;
      this.error = undefined;
    } catch (err) {
      this.error = err.message;
    }
  }

  async decide(r, decision) {
    this.busy = new Set([...this.busy, r.id]);
    try {
      const answer = await api(`/api/plugins/overseerr/requests/${r.id}/${decision}`, { method: 'POST' });
      this.said = answer.message;
      this.requests = this.requests.filter((x) => x.id !== r.id);
    } catch (err) {
      this.said = undefined;
      this.error = err.message;
    } finally {
      const next = new Set(this.busy);
      next.delete(r.id);
      this.busy = next;
    }
  }

  render() {
    return html`
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.said ? html`<p class="done" role="status">${this.said}</p>` : nothing}
      ${!this.requests && !this.error ? html`<mn-skeleton kind="rows" lines="3"></mn-skeleton>` : nothing}
      ${this.requests && !this.requests.length ? html`<p class="muted" data-empty="pending">Nothing is waiting for approval. New requests from the household show up here as they come.</p>` : nothing}
      ${this.requests?.length
        ? html`<ul aria-label="Pending requests">
            ${this.requests.map(
              (r) => html`<li data-request=${r.id}>
                ${r.posterUrl ? html`<img class="poster" src=${r.posterUrl} alt="" loading="lazy" />` : html`<div class="noposter" aria-hidden="true"></div>`}
                <div>
                  <div class="title">${r.title}${r.is4k ? ' (4K)' : ''}</div>
                  <div class="muted small">${[kindYear(r), seasonList(r.seasons), `${r.requester ?? 'someone'}, ${when(r.createdAt)}`].filter(Boolean).join(' · ')}</div>
                </div>
                <div class="actions">
                  <button class="primary" ?disabled=${this.busy.has(r.id)} @click=${() => this.decide(r, 'approve')} aria-label=${`Approve ${r.title} for ${r.requester ?? 'them'}`}>Approve</button>
                  <button class="decline" ?disabled=${this.busy.has(r.id)} @click=${() => this.decide(r, 'decline')} aria-label=${`Decline ${r.title} for ${r.requester ?? 'them'}`}>Decline</button>
                </div>
              </li>`,
            )}
          </ul>`
        : nothing}
    `;
  }
}
customElements.define('mn-overseerr-pending', OverseerrPending);
