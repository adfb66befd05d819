import { LitElement, css, html } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import { forms } from '../forms.ts';

interface SessionRow {
  handle: string;
  user: { id: string; name: string; role: string };
  createdAt: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** Admin: every live session, and ending one. */
export class MnAdminSessions extends LitElement {
  static properties = { sessions: { state: true }, error: { state: true } };
  declare sessions: SessionRow[] | undefined;
  declare error: string | undefined;

  static styles = [shared, forms, css`
    :host { display: grid; gap: 0.5rem; }
    .card { display: flex; flex-wrap: wrap; gap: 0.5rem; justify-content: space-between; align-items: center; }
    .ua { font-size: 0.8rem; overflow-wrap: anywhere; }
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
    await api(`/api/admin/sessions/${s.handle}`, { method: 'DELETE' }).catch((err) => (this.error = err.message));
    await this.load();
  }

  render() {
    return html`${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${(this.sessions ?? []).map(
        (s) => html`<div class="card" data-session=${s.handle}>
          <span><strong>${s.user.name}</strong> <span class="muted">${s.user.role} · ${s.ip ?? ''} · ${s.createdAt ? new Date(s.createdAt).toLocaleString() : ''}</span>
            <div class="ua muted">${s.userAgent ?? ''}</div></span>
          <button class="danger" @click=${() => this.end(s)}>End</button>
        </div>`,
      )}`;
  }
}
customElements.define('mn-admin-sessions', MnAdminSessions);
