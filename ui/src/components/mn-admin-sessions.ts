import { LitElement, css, html } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import { forms } from '../forms.ts';
import { describeUserAgent } from '../user-agent.ts';
import { ago } from '../time-words.ts';
import { confirmDialog } from './mn-confirm.ts';
import './mn-skeleton.ts';

interface SessionRow {
  handle: string;
  user: { id: string; name: string; role: string };
  createdAt: string | null;
  ip: string | null;
  userAgent: string | null;
  current?: boolean;
}

/** Admin: every live session ("Chrome on Android", "this device", when it signed in), and ending one. */
export class MnAdminSessions extends LitElement {
  static properties = { sessions: { state: true }, error: { state: true } };
  declare sessions: SessionRow[] | undefined;
  declare error: string | undefined;

  static styles = [shared, forms, css`
    :host { display: grid; gap: 0.5rem; }
    .card { display: flex; flex-wrap: wrap; gap: 0.5rem; justify-content: space-between; align-items: center; }
    .what { display: grid; gap: 0.15rem; }
    .this { font-size: 0.75rem; font-weight: 600; color: var(--mn-ok); border: 1px solid currentColor; border-radius: 999px; padding: 0 0.5em; }
    .meta { font-size: 0.85rem; }
    .list { display: grid; gap: 0.5rem; }
    .list .card { display: block; }
  `];

  connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.sessions = (await api<{ sessions: SessionRow[] }>('/api/admin/sessions')).sessions;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async end(s: SessionRow) {
    const device = describeUserAgent(s.userAgent);
    const ok = await confirmDialog({
      title: s.current ? 'Sign this device out?' : `End ${s.user.name}'s session?`,
      message: s.current ? 'This is the device you are using: you will have to sign in again.' : `${device} is signed out at once; the tab there shows the sign-in page saying an admin ended the session.`,
      confirm: 'End the session',
      danger: true,
    });
    if (!ok) return;
    await api(`/api/admin/sessions/${s.handle}`, { method: 'DELETE' }).catch((err) => (this.error = err.message));
    if (s.current) location.reload();
    else await this.load();
  }

  render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    if (this.sessions === undefined) {
      return html`<div class="list" role="region" aria-busy="true" aria-label="Sessions, loading">${[1, 2].map(() => html`<div class="card"><mn-skeleton lines="2"></mn-skeleton></div>`)}</div>`;
    }
    if (!this.sessions.length) return html`<p class="card empty" data-empty="sessions">Nobody is signed in right now. Sessions appear here as people sign in.</p>`;
    return html`<p class="muted">Sessions last a day after they were last used, and end at once when you end them here.</p>
      ${this.sessions.map(
        (s) => html`<div class="card" data-session=${s.handle}>
          <span class="what">
            <span><strong>${s.user.name}</strong> <span class="muted">${s.user.role}</span> ${s.current ? html`<span class="this">this device</span>` : ''}</span>
            <span class="meta">${describeUserAgent(s.userAgent)}${s.ip ? html` <span class="muted">· from ${s.ip}</span>` : ''}</span>
            <span class="meta muted" title=${s.createdAt ? new Date(s.createdAt).toLocaleString() : ''}>Signed in ${ago(s.createdAt)}</span>
          </span>
          <button class="danger" @click=${() => this.end(s)} aria-label="End the session of ${s.user.name} on ${describeUserAgent(s.userAgent)}">End</button>
        </div>`,
      )}`;
  }
}
customElements.define('mn-admin-sessions', MnAdminSessions);
