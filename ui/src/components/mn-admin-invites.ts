import { LitElement, css, html } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import { forms } from '../forms.ts';
import { until } from '../time-words.ts';
import './mn-skeleton.ts';

interface Invite { id: string; role: 'admin' | 'user'; expiresAt: string; createdAt: string; createdBy: string | null }

/** Admin: invite links (single use, with a role and an expiry), the open ones, and withdrawing one. */
export class MnAdminInvites extends LitElement {
  static properties = { invites: { state: true }, fresh: { state: true }, error: { state: true } };
  declare invites: Invite[] | undefined;
  declare fresh: string | undefined;
  declare error: string | undefined;

  static styles = [shared, forms, css`
    :host { display: block; }
    form { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: end; }
    h2 { margin-bottom: 0.5rem; }
    ul { list-style: none; margin: 0.75rem 0 0; padding: 0; display: grid; gap: 0.35rem; }
    li { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.5rem; align-items: center; }
    code { display: block; overflow-wrap: anywhere; background: var(--mn-bg); padding: 0.3rem 0.45rem; border-radius: 4px; margin: 0.5rem 0; }
    .fresh { border-left: 4px solid var(--mn-ok); padding-left: 0.75rem; margin-top: 0.75rem; }
  `];

  connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.invites = (await api<{ invites: Invite[] }>('/api/admin/invites')).invites;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async create(event: SubmitEvent) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target as HTMLFormElement));
    this.error = undefined;
    try {
      const r = await api<{ path: string }>('/api/admin/invites', { method: 'POST', json: data });
      this.fresh = `${location.origin}/${r.path}`;
    } catch (err) {
      this.error = (err as Error).message;
    }
    await this.load();
  }

  private async withdraw(i: Invite) {
    await api(`/api/admin/invites/${i.id}`, { method: 'DELETE' }).catch((err) => (this.error = err.message));
    await this.load();
  }

  render() {
    return html`<section class="card" aria-labelledby="invites-title">
      <h2 id="invites-title">Invite someone</h2>
      <p class="muted">They open the link and choose their own username and password. Each link works once.</p>
      <form @submit=${this.create}>
        <label>Role <select name="role"><option value="user">user</option><option value="admin">admin</option></select></label>
        <label>Valid for <select name="validFor"><option value="1d">1 day</option><option value="7d" selected>7 days</option><option value="30d">30 days</option></select></label>
        <button class="primary">Make an invite link</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${this.fresh ? html`<div class="fresh" role="status" data-invite-link><strong>Send this link</strong> (it is shown only now):<code>${this.fresh}</code></div>` : ''}
      ${this.invites === undefined
        ? html`<div class="list" aria-busy="true" role="region" aria-label="Open invites, loading"><mn-skeleton lines="2"></mn-skeleton></div>`
        : this.invites.length
          ? html`<ul>${this.invites.map((i) => html`<li><span>${i.role === 'admin' ? 'Admin' : 'User'} invite${i.createdBy ? ` by ${i.createdBy}` : ''} <span class="muted">— expires ${until(i.expiresAt)}</span></span>
              <button class="danger" @click=${() => this.withdraw(i)}>Withdraw</button></li>`)}</ul>`
          : html`<p class="muted" data-empty="invites">No open invites. Make a link above and send it to someone in your household.</p>`}
    </section>`;
  }
}
customElements.define('mn-admin-invites', MnAdminInvites);
