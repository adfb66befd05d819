// <mn-overseerr-request-form>: requesting one title as yourself. Shows your quota first, the
// seasons of a show to choose from (those already there or asked for are marked), 4K when the
// server offers it, then Overseerr's answer in plain words.
import { LitElement, css, html, nothing } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from './styles.js';
import { availability } from './words.js';

export class OverseerrRequestForm extends LitElement {
  static properties = {
    title: { attribute: false },
    me: { attribute: false },
    details: { state: true },
    chosen: { state: true },
    fourK: { state: true },
    busy: { state: true },
    error: { state: true },
    done: { state: true },
  };

  static styles = [
    shared,
    css`
      form { display: grid; gap: 0.5rem; }
      fieldset { border: 1px solid var(--mn-border, #dde3ec); border-radius: 6px; margin: 0; padding: 0.4rem 0.6rem; display: grid; gap: 0.3rem; }
      legend { font-size: 0.85rem; font-weight: 600; padding: 0 0.25rem; }
      label { display: flex; align-items: center; gap: 0.4rem; flex-wrap: wrap; min-height: 1.75rem; }
      input[type='checkbox'] { width: 1.1rem; height: 1.1rem; }
    `,
  ];

  constructor() {
    super();
    this.chosen = new Set();
    this.fourK = false;
  }

  async connectedCallback() {
    super.connectedCallback();
    try {
      this.details = await api(`/api/plugins/overseerr/titles/${this.title.mediaType}/${this.title.tmdbId}`);
      // Preselect the seasons nobody has asked for yet.
      this.chosen = new Set(this.details.seasons.filter((s) => s.availability === 'none').map((s) => s.seasonNumber));
    } catch (err) {
      this.error = err.message;
    }
  }

  quotaLine() {
    const part = this.me?.quota?.[this.title.mediaType === 'tv' ? 'tv' : 'movie'];
    return part ? part.line : undefined;
  }

  toggle(n) {
    const next = new Set(this.chosen);
    if (next.has(n)) next.delete(n);
    else next.add(n);
    this.chosen = next;
  }

  async submit(e) {
    e.preventDefault();
    this.busy = true;
    this.error = undefined;
    try {
      const json = { mediaType: this.title.mediaType, tmdbId: this.title.tmdbId, ...(this.fourK ? { is4k: true } : {}) };
      if (this.title.mediaType === 'tv') json.seasons = [...this.chosen].sort((a, b) => a - b);
      const answer = await api('/api/plugins/overseerr/requests', { method: 'POST', json });
      this.done = answer.message;
      this.dispatchEvent(new CustomEvent('requested', { detail: answer.request, bubbles: true, composed: true }));
    } catch (err) {
      this.error = err.message;
    } finally {
      this.busy = false;
    }
  }

  render() {
    if (this.done) return html`<p class="done" role="status">${this.done}</p>`;
    const quota = this.quotaLine();
    const d = this.details;
    const tv = this.title.mediaType === 'tv';
    return html`
      <form @submit=${this.submit} aria-label=${`Request ${this.title.title}`}>
        ${quota ? html`<p class="small" data-quota>${quota}</p>` : nothing}
        ${!d && !this.error ? html`<mn-skeleton lines="2"></mn-skeleton>` : nothing}
        ${d && tv
          ? html`<fieldset>
              <legend>Seasons</legend>
              ${d.seasons.map((s) => {
                const a = availability(this.fourK ? s.availability4k : s.availability);
                return html`<label class="season">
                  <input type="checkbox" .checked=${this.chosen.has(s.seasonNumber)} @change=${() => this.toggle(s.seasonNumber)} />
                  ${s.name}${a ? html` <span class="pill ${a.tone}">${a.word}</span>` : nothing}
                </label>`;
              })}
            </fieldset>`
          : nothing}
        ${d?.fourK ? html`<label class="fourk"><input type="checkbox" .checked=${this.fourK} @change=${(e) => (this.fourK = e.target.checked)} /> In 4K</label>` : nothing}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <button class="primary" type="submit" ?disabled=${this.busy || !d || (tv && this.chosen.size === 0)}>${this.busy ? 'Requesting…' : tv ? `Request ${this.chosen.size === 1 ? '1 season' : `${this.chosen.size} seasons`}` : 'Request'}</button>
      </form>
    `;
  }
}
customElements.define('mn-overseerr-request-form', OverseerrRequestForm);
