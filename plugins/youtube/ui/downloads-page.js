// <mn-youtube-page>: paste a link, choose a quality, watch the queue live, find it in the history.
import { LitElement, html, css, nothing } from 'lit';
import { api } from '@medianest/sdk/browser';
import { DownloadsModel } from './downloads-model.js';
import './download-item.js';
import './cookies-panel.js';

export class YoutubePage extends LitElement {
  static properties = { model: { state: true }, sending: { state: true }, problem: { state: true }, fieldProblem: { state: true }, sent: { state: true }, playlist: { state: true }, me: { state: true } };

  static styles = css`
    :host { display: block; max-width: 52rem; }
    section { background: var(--mn-surface, #fff); border: 1px solid var(--mn-border, #dde3ec); border-radius: var(--mn-radius, 10px); padding: 1rem; margin: 0 0 1rem; }
    h2 { font-size: 1.05rem; margin: 0 0 0.6rem; display: flex; justify-content: space-between; align-items: baseline; gap: 0.5rem; flex-wrap: wrap; }
    h2 .muted { font-weight: normal; font-size: 0.85rem; }
    .muted { color: var(--mn-muted, #5b6678); }
    form { display: grid; gap: 0.75rem; }
    label { display: grid; gap: 0.25rem; font-weight: 600; font-size: 0.9rem; }
    .row { display: flex; gap: 0.75rem; flex-wrap: wrap; align-items: end; }
    .row > label { flex: 1 1 12rem; }
    input[type='url'], input[type='number'], select { font: inherit; font-weight: normal; padding: 0.5rem 0.6rem; border-radius: 6px; border: 1px solid var(--mn-muted, #5b6678); background: var(--mn-bg, #f4f6fa); color: var(--mn-text, #1c2330); min-height: 2.5rem; box-sizing: border-box; width: 100%; }
    input[aria-invalid='true'] { border-color: var(--mn-bad, #cf222e); }
    .check { display: flex; gap: 0.45rem; align-items: center; font-weight: normal; }
    .check input { width: 1.15rem; height: 1.15rem; margin: 0; }
    fieldset { border: 1px solid var(--mn-border, #dde3ec); border-radius: 6px; padding: 0.5rem 0.75rem; display: flex; gap: 0.5rem 1.25rem; flex-wrap: wrap; }
    legend { font-size: 0.85rem; font-weight: 600; padding: 0 0.25rem; }
    button.primary { font: inherit; font-weight: 600; padding: 0.55rem 1.2rem; min-height: 2.6rem; border-radius: 6px; border: 1px solid var(--mn-accent, #2f6feb); background: var(--mn-accent, #2f6feb); color: #fff; cursor: pointer; }
    button.primary:disabled { opacity: 0.7; }
    button.plain { font: inherit; font-size: 0.85rem; min-height: 2rem; padding: 0.2rem 0.8rem; border-radius: 6px; border: 1px solid var(--mn-border, #dde3ec); background: var(--mn-surface, #fff); color: var(--mn-text, #1c2330); cursor: pointer; }
    .error { color: var(--mn-bad, #cf222e); margin: 0; font-size: 0.9rem; font-weight: normal; }
    .ok { color: var(--mn-ok, #1a7f37); margin: 0; font-size: 0.9rem; }
    .empty { margin: 0.25rem 0; }
    @media (prefers-color-scheme: dark) { button.primary { color: #0f141b; } }
  `;

  connectedCallback() {
    super.connectedCallback();
    this.playlist = false;
    this.model = new DownloadsModel(() => this.requestUpdate());
    this.model.start();
    api('/api/me').then((me) => (this.me = me?.user ?? me), () => {});
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.model.stop();
  }

  async submit(e) {
    e.preventDefault();
    const formElement = e.target; // events from a shadow root lose their target once handled
    const f = new FormData(formElement);
    const form = this.model.data?.form;
    const body = { url: String(f.get('url') ?? '').trim(), preset: String(f.get('preset')), playlist: f.get('playlist') === 'on', force: f.get('force') === 'on' };
    if (body.playlist) body.limit = Number(f.get('limit')) || form?.maxPlaylistItems;
    const options = {};
    if (f.get('subtitles') === 'on') options.subtitles = { languages: [String(f.get('languages') || 'en').split(/[\s,]+/).filter(Boolean)].flat(), embed: true };
    if (f.get('sponsorblock') === 'on') options.sponsorblock = { mode: 'remove', categories: ['sponsor'] };
    if (form?.allow?.embedMetadata) options.embedMetadata = f.get('embedMetadata') === 'on';
    if (form?.allow?.embedThumbnail) options.embedThumbnail = f.get('embedThumbnail') === 'on';
    body.options = options;
    this.problem = this.fieldProblem = this.sent = undefined;
    if (!body.url) {
      this.fieldProblem = 'Paste a link to a video or playlist';
      return;
    }
    this.sending = true;
    try {
      const { download } = await api('/api/plugins/youtube/downloads', { method: 'POST', json: body });
      this.model.apply(download);
      this.sent = 'Added to your queue';
      formElement.querySelector('input[name=url]').value = '';
      this.model.load(); // the links left this hour
    } catch (err) {
      const field = Array.isArray(err.details) ? err.details.find((d) => d.field === 'url' || d.field === 'body.url') : undefined;
      if (field || err.status === 400) this.fieldProblem = field?.message ?? err.message;
      else this.problem = err.message;
    } finally {
      this.sending = false;
    }
  }

  async clearHistory() {
    try {
      await api('/api/plugins/youtube/history', { method: 'DELETE' });
      await this.model.load();
    } catch (err) {
      this.problem = err.message;
    }
  }

  onChanged(e) {
    if (e.detail?.removed) this.model.data.history = this.model.data.history.filter((d) => d.id !== e.detail.id);
    else this.model.apply(e.detail);
    this.requestUpdate();
  }

  renderForm(form, limits) {
    const allow = form.allow ?? {};
    return html`
      <section aria-labelledby="add">
        <h2 id="add">Download a video
          ${limits.perHour ? html`<span class="muted">${limits.left} of ${limits.perHour} links left this hour</span>` : nothing}
        </h2>
        <form @submit=${this.submit} novalidate>
          <label>Link
            <input type="url" name="url" inputmode="url" autocomplete="off" placeholder="https://www.youtube.com/watch?v=…"
              aria-invalid=${this.fieldProblem ? 'true' : 'false'} aria-describedby="url-problem">
            <span id="url-problem" class="error" role=${this.fieldProblem ? 'alert' : nothing}>${this.fieldProblem ?? ''}</span>
          </label>
          <div class="row">
            <label>Quality
              <select name="preset">
                ${form.presets.map((p) => html`<option value=${p.id} ?selected=${p.id === form.defaultPreset}>${p.label}</option>`)}
              </select>
            </label>
            <label class="check"><input type="checkbox" name="playlist" @change=${(e) => (this.playlist = e.target.checked)}> Whole playlist or channel</label>
            ${this.playlist ? html`<label>Most items <input type="number" name="limit" min="1" max=${form.maxPlaylistItems} value=${Math.min(20, form.maxPlaylistItems)}></label>` : nothing}
          </div>
          ${allow.subtitles || allow.sponsorblock || allow.embedMetadata || allow.embedThumbnail ? html`
            <fieldset>
              <legend>Options</legend>
              ${allow.subtitles ? html`<label class="check"><input type="checkbox" name="subtitles"> Subtitles</label>
                <label class="check">languages <input type="text" name="languages" value="en" size="6" aria-label="Subtitle languages, such as en or de"></label>` : nothing}
              ${allow.sponsorblock ? html`<label class="check"><input type="checkbox" name="sponsorblock"> Cut out sponsor segments</label>` : nothing}
              ${allow.embedMetadata ? html`<label class="check"><input type="checkbox" name="embedMetadata" checked> Title and date in the file</label>` : nothing}
              ${allow.embedThumbnail ? html`<label class="check"><input type="checkbox" name="embedThumbnail" checked> Cover picture</label>` : nothing}
              <label class="check"><input type="checkbox" name="force"> Download again even if I have it</label>
            </fieldset>` : nothing}
          <div class="row">
            <button class="primary" type="submit" ?disabled=${this.sending}>${this.sending ? 'Adding…' : 'Download'}</button>
            ${this.sent ? html`<p class="ok" role="status">${this.sent}</p>` : nothing}
            ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
          </div>
        </form>
      </section>`;
  }

  render() {
    const { data, error } = this.model;
    if (!data) return html`<section>${error ? html`<p class="error" role="alert">${error}</p>` : html`<mn-skeleton lines="3"></mn-skeleton><mn-skeleton kind="rows" lines="3"></mn-skeleton>`}</section>`;
    const running = data.queue.filter((d) => d.status === 'running').length;
    return html`
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      ${this.renderForm(data.form, data.limits)}
      <section aria-labelledby="queue" @changed=${this.onChanged}>
        <h2 id="queue">Your queue <span class="muted">${data.queue.length ? `${running} downloading, ${data.queue.length - running} waiting` : ''}</span></h2>
        ${data.queue.length ? data.queue.map((d) => html`<mn-youtube-item .download=${d}></mn-youtube-item>`) : html`<p class="muted empty">Nothing waiting. Paste a link above.</p>`}
      </section>
      <section aria-labelledby="history" @changed=${this.onChanged}>
        <h2 id="history">History ${data.history.length ? html`<button class="plain" @click=${this.clearHistory}>Clear history</button>` : nothing}</h2>
        ${data.history.length ? data.history.map((d) => html`<mn-youtube-item .download=${d}></mn-youtube-item>`) : html`<p class="muted empty">Finished downloads show up here.</p>`}
      </section>
      ${this.me?.role === 'admin' ? html`<mn-youtube-cookies></mn-youtube-cookies>` : nothing}
    `;
  }
}
customElements.define('mn-youtube-page', YoutubePage);
