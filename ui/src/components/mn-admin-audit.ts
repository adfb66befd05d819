import { LitElement, css, html } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import { forms } from '../forms.ts';

interface Entry {
  id: string;
  at: string;
  action: string;
  actor: string | null;
  target: string | null;
  ip: string | null;
}

const ACTIONS = ['', 'setup', 'signin', 'signin-failed', 'signout', 'plugin-enable', 'plugin-disable', 'plugin-settings', 'user-create', 'user-update', 'user-delete', 'session-revoke', 'token-create', 'token-revoke', 'permission-update'];

/** Admin: the audit log, filtered by action and actor. */
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
      table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
      th, td { text-align: left; padding: 0.35rem 0.5rem 0.35rem 0; border-bottom: 1px solid var(--mn-border); overflow-wrap: anywhere; }
      .bad { color: var(--mn-bad); font-weight: 600; }
      .scroll { overflow-x: auto; }
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
    const data = Object.fromEntries(new FormData(event.target as HTMLFormElement)) as { action: string; actor: string };
    this.filter = data;
    void this.load();
  }

  render() {
    return html`
      <form class="card" @submit=${this.apply}>
        <label>Action <select name="action">${ACTIONS.map((a) => html`<option value=${a}>${a || 'any'}</option>`)}</select></label>
        <label>Who <input name="actor" placeholder="name" /></label>
        <button class="primary">Filter</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <div class="card scroll">
        <table>
          <thead><tr><th>When</th><th>What</th><th>Who</th><th>On</th><th>From</th></tr></thead>
          <tbody>
            ${(this.entries ?? []).map(
              (e) => html`<tr>
                <td>${new Date(e.at).toLocaleString()}</td>
                <td class=${e.action === 'signin-failed' ? 'bad' : ''}>${e.action}</td>
                <td>${e.actor ?? ''}</td>
                <td>${e.target ?? ''}</td>
                <td class="muted">${e.ip ?? ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }
}
customElements.define('mn-admin-audit', MnAdminAudit);
