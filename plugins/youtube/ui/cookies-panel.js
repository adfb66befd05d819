// <mn-youtube-cookies>: for admins, the cookies file yt-dlp uses (age-restricted videos, "not a
// bot" checks). It can be replaced or removed; its content is never shown or sent back.
import { LitElement, html, css, nothing } from 'lit';
import { api } from '@medianest/sdk/browser';
import { when } from './format.js';

export class YoutubeCookies extends LitElement {
  static properties = { info: { state: true }, problem: { state: true }, done: { state: true } };

  static styles = css`
    :host { display: block; }
    section { background: var(--mn-surface, #fff); border: 1px solid var(--mn-border, #dde3ec); border-radius: var(--mn-radius, 10px); padding: 1rem; margin: 0 0 1rem; }
    h2 { font-size: 1.05rem; margin: 0 0 0.6rem; }
    p { margin: 0.4rem 0; }
    .muted { color: var(--mn-muted, #5b6678); font-size: 0.9rem; }
    .error { color: var(--mn-bad, #cf222e); }
    .ok { color: var(--mn-ok, #1a7f37); }
    label { font-weight: 600; font-size: 0.9rem; display: grid; gap: 0.3rem; }
    input { font: inherit; font-weight: normal; color: var(--mn-text, #1c2330); }
    button { font: inherit; font-size: 0.85rem; min-height: 2rem; padding: 0.2rem 0.8rem; border-radius: 6px; border: 1px solid var(--mn-border, #dde3ec); background: var(--mn-surface, #fff); color: var(--mn-text, #1c2330); cursor: pointer; margin-top: 0.4rem; }
  `;

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      this.info = await api('/api/plugins/youtube/admin/cookies');
    } catch (err) {
      this.problem = err.message;
    }
  }

  async upload(e) {
    const file = e.target.files?.[0];
    if (!file) return;
    this.problem = this.done = undefined;
    try {
      this.info = await api('/api/plugins/youtube/admin/cookies', { method: 'PUT', json: { content: await file.text() } });
      this.done = 'Cookies saved. The next download uses them';
    } catch (err) {
      this.problem = err.message;
    }
    e.target.value = '';
  }

  async remove() {
    this.problem = this.done = undefined;
    try {
      await api('/api/plugins/youtube/admin/cookies', { method: 'DELETE' });
      this.done = 'Cookies removed';
      await this.load();
    } catch (err) {
      this.problem = err.message;
    }
  }

  render() {
    return html`<section aria-labelledby="cookies">
      <h2 id="cookies">Cookies for yt-dlp <span class="muted">(admins only)</span></h2>
      <p class="muted">For age-restricted videos and "confirm you're not a bot" checks: a cookies.txt exported from a browser signed in to the site. Stored readable by MediaNest only; never shown again.</p>
      ${this.info ? html`<p>${this.info.present ? `A cookies file is stored (${this.info.bytes} bytes, ${when(this.info.updatedAt)}).` : 'No cookies file is stored.'}</p>` : nothing}
      <label>Upload cookies.txt <input type="file" accept=".txt,text/plain" @change=${this.upload}></label>
      ${this.info?.present ? html`<button @click=${this.remove}>Remove cookies</button>` : nothing}
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.done ? html`<p class="ok" role="status">${this.done}</p>` : nothing}
    </section>`;
  }
}
customElements.define('mn-youtube-cookies', YoutubeCookies);
