// <mn-overseerr-counts>: pending, approved, processing and available requests, and open issues (admins).
import { LitElement, css, html, nothing } from 'lit';
import { api, live } from '@medianest/sdk/browser';
import { shared } from './styles.js';

const FIELDS = [
  ['pending', 'Pending', 'warn'],
  ['approved', 'Approved', 'accent'],
  ['processing', 'Downloading', 'accent'],
  ['available', 'Available', 'ok'],
  ['issues', 'Open issues', 'bad'],
];

export class OverseerrCounts extends LitElement {
  static properties = { counts: { state: true }, error: { state: true } };

  static styles = [
    shared,
    css`
      ul { display: grid; grid-template-columns: repeat(auto-fit, minmax(6rem, 1fr)); gap: 0.5rem; }
      li { border: 1px solid var(--mn-border, #dde3ec); border-radius: 8px; padding: 0.5rem; }
      .n { font-size: 1.5rem; font-weight: 700; font-variant-numeric: tabular-nums; color: var(--mn-text, #1c2330); }
      .label { font-size: 0.85rem; }
      a { color: var(--accent); }
    `,
  ];

  connectedCallback() {
    super.connectedCallback();
    this.load();
    this.stopLive = live('overseerr.counts-changed', () => this.load());
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopLive?.();
  }

  async load() {
    try {
      this.counts = await api('/api/plugins/overseerr/counts');
      this.error = undefined;
    } catch (err) {
      this.error = err.message;
    }
  }

  render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    if (!this.counts) return html`<mn-skeleton lines="3"></mn-skeleton>`;
    return html`<ul aria-label="Request counts">
        ${FIELDS.filter(([k]) => this.counts[k] !== null).map(([k, label, tone]) => html`<li data-count=${k}><div class="n">${this.counts[k]}</div><div class="label ${tone}">${label}</div></li>`)}
      </ul>
      ${this.counts.pending ? html`<p class="small"><a href="#/p/overseerr/admin">Review ${this.counts.pending} pending</a></p>` : nothing}`;
  }
}
customElements.define('mn-overseerr-counts', OverseerrCounts);
