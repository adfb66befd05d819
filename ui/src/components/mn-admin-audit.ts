import { LitElement, css, html } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import { forms } from '../forms.ts';
import { ACTION_WORDS, auditSentence, describeDetail } from '../audit-words.ts';
import './mn-skeleton.ts';

interface Entry {
  id: string;
  at: string;
  action: string;
  actor: string | null;
  actorId: string | null;
  target: string | null;
  targetName: string | null;
  ip: string | null;
  detail: Record<string, any> | null;
}

const BAD = new Set(['signin-failed', 'signin-refused', 'password-change-failed']);

/** Admin: the audit log in words (who did what to whom, what changed), filtered by action and person. */
export class MnAdminAudit extends LitElement {
  static properties = { entries: { state: true }, error: { state: true } };
  declare entries: Entry[] | undefined;
  declare error: string | undefined;
  private filter = { action: '', actor: '' };

  static styles = [
    shared,
    forms,
    css`
      :host { display: grid; gap: 1rem; }
      form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; }
      ol { list-style: none; margin: 0; padding: 0; }
      li { display: grid; grid-template-columns: 11rem 1fr; gap: 0.25rem 1rem; padding: 0.5rem 0; border-bottom: 1px solid var(--mn-border); }
      /* Words wrap between words, never inside one. */
      li, li * { overflow-wrap: break-word; word-break: normal; hyphens: manual; }
      .when { color: var(--mn-muted); font-size: 0.85rem; }
      .what { min-width: 0; }
      .detail, .from { font-size: 0.85rem; color: var(--mn-muted); }
      .bad { color: var(--mn-bad); font-weight: 600; }
      @media (max-width: 40rem) { li { grid-template-columns: 1fr; } }
    `,
  ];

  connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    const q = new URLSearchParams(Object.entries(this.filter).filter(([, v]) => v));
    try {
      this.entries = (await api<{ entries: Entry[] }>(`/api/admin/audit?${q}`)).entries;
      this.error = undefined;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private apply(event: Event) {
    event.preventDefault();
    this.filter = Object.fromEntries(new FormData(event.target as HTMLFormElement)) as { action: string; actor: string };
    void this.load();
  }

  private clearFilter() {
    this.filter = { action: '', actor: '' };
    this.renderRoot.querySelector('form')?.reset();
    void this.load();
  }

  private entry(e: Entry) {
    const { who, words, on } = auditSentence(e);
    const detail = describeDetail(e.action, e.detail);
    return html`<li data-action=${e.action}>
      <time class="when" datetime=${e.at}>${new Date(e.at).toLocaleString()}</time>
      <span class="what">
        <strong>${who}</strong> <span class=${BAD.has(e.action) ? 'bad' : ''}>${words}</span>${on ? html` <strong>${on}</strong>` : ''}
        ${detail ? html`<div class="detail">${detail}</div>` : ''}
        ${e.ip ? html`<div class="from">from ${e.ip}</div>` : ''}
      </span>
    </li>`;
  }

  render() {
    return html`
      <form class="card" @submit=${this.apply}>
        <label>What <select name="action"><option value="">anything</option>${Object.entries(ACTION_WORDS).map(([a, w]) => html`<option value=${a}>${w}</option>`)}</select></label>
        <label>Who <input name="actor" placeholder="name" /></label>
        <button class="primary">Filter</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <div class="card">
        ${this.entries === undefined
          ? html`<div role="region" aria-busy="true" aria-label="Audit log, loading"><mn-skeleton kind="rows" lines="5"></mn-skeleton></div>`
          : this.entries.length
            ? html`<ol>${this.entries.map((e) => this.entry(e))}</ol>`
            : this.filter.action || this.filter.actor
              ? html`<div class="empty" data-empty="audit-filtered"><p>Nothing matches this filter.</p><p class="next"><button type="button" @click=${this.clearFilter}>Show everything</button></p></div>`
              : html`<div class="empty" data-empty="audit"><p>Nothing here yet.</p><p class="muted">Sign-ins and admin actions appear here as they happen.</p></div>`}
      </div>
    `;
  }
}
customElements.define('mn-admin-audit', MnAdminAudit);
