// <mn-plex-recent>: continue watching (the signed-in person's own) and what was added, per library.
import { LitElement, html, css, nothing } from 'lit';
import { api } from '@medianest/sdk/browser';
import { base, problem, tile } from './shared.js';

export class PlexRecent extends LitElement {
  static properties = { recent: { state: true }, cont: { state: true }, error: { state: true } };

  static styles = [base, css`
    /* One row per library that scrolls sideways: the dashboard stays short on a phone. */
    .posters { grid-template-columns: none; grid-auto-flow: column; grid-auto-columns: 6.5rem; overflow-x: auto; padding-bottom: 0.35rem; scrollbar-width: thin; }
    @media (max-width: 480px) { .posters { grid-auto-columns: 5.5rem; } }
  `];

  connectedCallback() {
    super.connectedCallback();
    void this.load();
    this.timer = setInterval(() => void this.load(), 5 * 60_000);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  async load() {
    try {
      [this.recent, this.cont] = await Promise.all([api('/api/plugins/plex/recent'), api('/api/plugins/plex/continue')]);
      this.error = undefined;
    } catch (err) {
      this.error = err.message;
    }
  }

  render() {
    if (this.error) return html`<p class="notice" role="status">Plex isn't available right now</p>`;
    if (!this.recent || !this.cont) return html`<mn-skeleton lines="3"></mn-skeleton>`;
    const cont = this.cont.items.length
      ? html`<h3>Continue watching</h3><ul class="posters">${this.cont.items.slice(0, 6).map((i) => tile(i))}</ul>`
      : !this.cont.linked ? html`<p class="muted">Sign in with Plex, or link Plex on your account page, to see what you were watching.</p>` : nothing;
    return html`${problem(this.recent.problem ?? this.cont.problem)} ${cont}
      ${this.recent.libraries.filter((l) => l.items.length).map((l) => html`<h3>New in ${l.title}</h3><ul class="posters">${l.items.slice(0, 6).map((i) => tile(i, { progress: false }))}</ul>`)}`;
  }
}
customElements.define('mn-plex-recent', PlexRecent);
