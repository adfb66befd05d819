// <mn-youtube-active>: the dashboard's view of your downloads — what is downloading now with its
// bar, how many wait, and the last one finished.
import { LitElement, html, css, nothing } from 'lit';
import { DownloadsModel } from './downloads-model.js';
import './download-item.js';

export class YoutubeActive extends LitElement {
  static styles = css`
    :host { display: block; }
    p { margin: 0.4rem 0; }
    .muted { color: var(--mn-muted, #5b6678); font-size: 0.9rem; }
    .error { color: var(--mn-bad, #cf222e); }
    a { color: var(--mn-accent, #2f6feb); }
  `;

  connectedCallback() {
    super.connectedCallback();
    this.model = new DownloadsModel(() => this.requestUpdate());
    this.model.start();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.model.stop();
  }

  render() {
    const { data, error } = this.model ?? {};
    if (!data) return error ? html`<p class="error">${error}</p>` : html`<mn-skeleton lines="3"></mn-skeleton>`;
    const running = data.queue.filter((d) => d.status === 'running');
    const waiting = data.queue.length - running.length;
    const last = data.history[0];
    return html`
      ${running.map((d) => html`<mn-youtube-item compact .download=${d}></mn-youtube-item>`)}
      ${!running.length && !waiting ? html`<p class="muted">Nothing downloading.</p>` : nothing}
      ${waiting ? html`<p class="muted waiting">${waiting} waiting</p>` : nothing}
      ${last && !running.length ? html`<p class="muted">Last: ${last.title ?? last.url} — ${last.status === 'done' ? 'done' : last.error ?? last.status}</p>` : nothing}
      <p><a href="#/p/youtube/">Download a video</a></p>
    `;
  }
}
customElements.define('mn-youtube-active', YoutubeActive);
