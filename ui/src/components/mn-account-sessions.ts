import { LitElement, css, html } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import { forms } from '../forms.ts';
import { describeUserAgent } from '../user-agent.ts';
import { ago } from '../time-words.ts';
import { confirmDialog } from './mn-confirm.ts';
import './mn-skeleton.ts';

interface MySession { handle: string; createdAt: string | null; ip: string | null; userAgent: string | null; current: boolean }

/** Where the signed-in person is signed in ("Chrome on Android", "this device"), and signing another device out. */
export class MnAccountSessions extends LitElement {
  static properties = { sessions: { state: true }, error: { state: true } };
  /** Unset until the list arrives. */
  declare sessions: MySession[] | undefined;
  declare error: string | undefined;

  static styles = [shared, forms, css`
    :host { display: grid; gap: 0.5rem; max-width: 40rem; }
    .card { display: flex; flex-wrap: wrap; gap: 0.5rem; justify-content: space-between; align-items: center; }
    .list { display: grid; gap: 0.5rem; }
    .list .card mn-skeleton { flex: 1; }
    .what { display: grid; gap: 0.15rem; }
    .this { font-size: 0.75rem; font-weight: 600; color: var(--mn-ok); border: 1px solid currentColor; border-radius: 999px; padding: 0 0.5em; }
    .meta { font-size: 0.85rem; }
    p { margin: 0; }
  `];

  connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      // This device first, then the others, newest first.
      this.sessions = (await api<{ sessions: MySession[] }>('/api/me/sessions')).sessions
        .sort((a, b) => Number(b.current) - Number(a.current) || (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
      this.error = undefined;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async end(s: MySession) {
    const device = describeUserAgent(s.userAgent);
    const ok = await confirmDialog({ title: `Sign ${device} out?`, message: 'It is signed out at once; the tab there shows the sign-in page.', confirm: 'Sign it out', danger: true });
    if (!ok) return;
    await api(`/api/me/sessions/${s.handle}`, { method: 'DELETE' }).catch((err) => (this.error = err.message));
    await this.load();
  }

  render() {
    const error = this.error ? html`<p class="error" role="alert">${this.error}</p>` : '';
    if (this.sessions === undefined) {
      return html`${error}${this.error ? '' : html`<div class="list" role="region" aria-busy="true" aria-label="Where you are signed in, loading"><div class="card"><mn-skeleton lines="2"></mn-skeleton></div></div>`}`;
    }
    const others = this.sessions.filter((s) => !s.current);
    return html`${error}<div class="list" role="region" aria-label="Where you are signed in">
      ${this.sessions.map((s) => html`<div class="card" data-my-session=${s.handle}>
        <span class="what">
          <span><strong>${describeUserAgent(s.userAgent)}</strong> ${s.current ? html`<span class="this">this device</span>` : ''}</span>
          <span class="meta muted" title=${s.createdAt ? new Date(s.createdAt).toLocaleString() : ''}>Signed in ${ago(s.createdAt)}${s.ip ? ` · from ${s.ip}` : ''}</span>
        </span>
        ${s.current ? '' : html`<button class="danger" @click=${() => this.end(s)} aria-label="Sign out ${describeUserAgent(s.userAgent)}, signed in ${ago(s.createdAt)}">Sign out</button>`}
      </div>`)}
    </div>
    ${others.length ? '' : html`<p class="muted" data-empty="my-sessions">You are signed in on this device only. Signed in somewhere else too, it shows here and you can sign it out from here.</p>`}`;
  }
}
customElements.define('mn-account-sessions', MnAccountSessions);
