import { LitElement, css, html } from 'lit';
import { api, ApiError } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import { forms } from '../forms.ts';
import { fieldMessages, type FieldMessage } from '../field-errors.ts';
import { ago, until } from '../time-words.ts';
import { confirmDialog } from './mn-confirm.ts';
import './mn-admin-invites.ts';
import './mn-skeleton.ts';

interface UserRow {
  id: string;
  username: string;
  name: string;
  role: 'admin' | 'user';
  disabled: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}

/** What a reset made, shown once: a link to send, or a temporary password to hand over. */
interface Handover { user: string; text: string; what: 'link' | 'password'; expiresAt?: string }

/** Admin: accounts — add, change role, disable, reset a password, delete (styled confirmations); invites. */
export class MnAdminUsers extends LitElement {
  static properties = { users: { state: true }, error: { state: true }, me: { state: true }, fields: { state: true }, handover: { state: true }, added: { state: true } };
  declare users: UserRow[] | undefined;
  declare error: string | undefined;
  declare me: string | undefined;
  declare fields: Map<string, FieldMessage>;
  declare handover: Handover | undefined;
  declare added: string | undefined;

  static styles = [
    shared,
    forms,
    css`
      :host { display: grid; gap: 1rem; }
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
      /* About the height of an account row, so the list does not jump when it comes. */
      li.placeholder { display: block; min-height: 7.2rem; }
      p.empty { margin: 0; }
      li { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; justify-content: space-between; }
      .who { min-width: 12rem; display: grid; gap: 0.15rem; }
      .row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
      .badge { font-size: 0.75rem; font-weight: 600; border: 1px solid currentColor; border-radius: 999px; padding: 0 0.5em; }
      .badge.off { color: var(--mn-bad); }
      .badge.admin { color: var(--mn-accent); }
      .dates { font-size: 0.8rem; }
      .why { font-size: 0.8rem; flex-basis: 100%; }
      form.add { display: grid; gap: 0.5rem; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); align-items: start; }
      form.add h2 { grid-column: 1 / -1; margin: 0; }
      .field-error { color: var(--mn-bad); font-size: 0.85rem; }
      .handover { border-color: var(--mn-ok); display: grid; gap: 0.5rem; }
      code { overflow-wrap: anywhere; background: var(--mn-bg); padding: 0.3rem 0.45rem; border-radius: 4px; }
      .ok { color: var(--mn-ok); margin: 0; }
    `,
  ];

  constructor() {
    super();
    this.fields = new Map();
  }

  connectedCallback() {
    super.connectedCallback();
    void api<{ user: { id: string } | null }>('/api/me').then((r) => (this.me = r.user?.id));
    void this.load();
  }

  private async load() {
    try {
      this.users = (await api<{ users: UserRow[] }>('/api/admin/users')).users;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async act(fn: () => Promise<unknown>) {
    this.error = undefined;
    try {
      await fn();
    } catch (err) {
      this.error = (err as Error).message;
    }
    await this.load();
  }

  private add(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    // An optional field left empty is absent, not "".
    if (!data.displayName?.trim()) delete data.displayName;
    this.fields = new Map();
    this.added = undefined;
    void this.act(async () => {
      try {
        const r = await api<{ user: UserRow }>('/api/admin/users', { method: 'POST', json: data });
        form.reset();
        this.added = `Added ${r.user.username}. Give them the first password; they can change it on their account page.`;
      } catch (err) {
        this.fields = fieldMessages((err as ApiError).details, 'body');
        if (!this.fields.size) throw err;
      }
    });
  }

  private async deleteUser(u: UserRow) {
    const ok = await confirmDialog({
      title: `Delete ${u.name}?`,
      message: `The account ${u.username} is removed with its sessions and API tokens. This cannot be undone.`,
      confirm: `Delete ${u.username}`,
      danger: true,
      typeToConfirm: u.username,
    });
    if (ok) await this.act(() => api(`/api/admin/users/${u.id}?confirm=${encodeURIComponent(u.username)}`, { method: 'DELETE' }));
  }

  private async toggle(u: UserRow) {
    if (!u.disabled) {
      const ok = await confirmDialog({ title: `Disable ${u.name}?`, message: 'They are signed out everywhere at once and cannot sign in until you enable the account again.', confirm: 'Disable', danger: true });
      if (!ok) return;
    }
    await this.act(() => api(`/api/admin/users/${u.id}`, { method: 'PATCH', json: { disabled: !u.disabled } }));
  }

  private async reset(u: UserRow, mode: 'link' | 'temporary') {
    const ok = await confirmDialog(
      mode === 'link'
        ? { title: `Reset ${u.name}'s password?`, message: 'You get a link to send them; it works once, for a day. Their current password keeps working until they use it.', confirm: 'Make a reset link' }
        : { title: `Give ${u.name} a temporary password?`, message: 'Their current password stops working and they are signed out everywhere. They must choose their own at the next sign-in.', confirm: 'Make a temporary password', danger: true },
    );
    if (!ok) return;
    await this.act(async () => {
      const r = await api<{ path?: string; expiresAt?: string; password?: string }>(`/api/admin/users/${u.id}/password-reset`, { method: 'POST', json: { mode } });
      this.handover = r.path
        ? { user: u.name, what: 'link', text: `${location.origin}/${r.path}`, expiresAt: r.expiresAt }
        : { user: u.name, what: 'password', text: r.password! };
    });
  }

  private user(u: UserRow) {
    const self = u.id === this.me;
    const reason = self ? 'This is you: another admin can change your role, disable or delete your account.' : '';
    return html`<li class="card" data-user=${u.username}>
      <span class="who">
        <span><strong>${u.name}</strong>${self ? html` <span class="muted">(you)</span>` : ''}
          ${u.role === 'admin' ? html`<span class="badge admin">admin</span>` : ''}
          ${u.disabled ? html`<span class="badge off" data-disabled>disabled</span>` : ''}</span>
        <span class="muted">${u.username}</span>
        <span class="muted dates" title=${`Created ${new Date(u.createdAt).toLocaleString()}`}>Added ${ago(u.createdAt)} · ${u.lastSignInAt ? html`last signed in <span title=${new Date(u.lastSignInAt).toLocaleString()}>${ago(u.lastSignInAt)}</span>` : 'never signed in'}</span>
      </span>
      <span class="row">
        <label class="row">Role
          <select aria-label="Role of ${u.username}" ?disabled=${self} @change=${(e: Event) => this.act(() => api(`/api/admin/users/${u.id}`, { method: 'PATCH', json: { role: (e.target as HTMLSelectElement).value } }))}>
            <option value="user" ?selected=${u.role === 'user'}>user</option>
            <option value="admin" ?selected=${u.role === 'admin'}>admin</option>
          </select></label>
        <button @click=${() => this.reset(u, 'link')} aria-label="Reset password of ${u.username}">Reset password</button>
        <button @click=${() => this.reset(u, 'temporary')} aria-label="Temporary password for ${u.username}">Temporary password</button>
        <button @click=${() => this.act(() => api(`/api/admin/users/${u.id}/board`, { method: 'DELETE' }))} aria-label="Reset board of ${u.name}">Reset board</button>
        <button ?disabled=${self} @click=${() => this.toggle(u)} aria-label="${u.disabled ? 'Enable' : 'Disable'} ${u.username}">${u.disabled ? 'Enable' : 'Disable'}</button>
        <button class="danger" ?disabled=${self} @click=${() => this.deleteUser(u)} aria-label="Delete ${u.username}">Delete</button>
      </span>
      ${self ? html`<span class="muted why">${reason}</span>` : ''}
    </li>`;
  }

  /** The "Invite your household" link: to the invite form, on the same page. */
  private toInvites(e: Event) {
    e.preventDefault();
    const invites = this.renderRoot.querySelector('mn-admin-invites');
    invites?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    (invites?.shadowRoot?.querySelector('select') as HTMLElement | null)?.focus();
  }

  private input(name: string, label: string, attrs: { type?: string; autocomplete?: string } = {}) {
    const problem = this.fields.get(name);
    return html`<label>${label}
      <input name=${name} type=${attrs.type ?? 'text'} autocomplete=${attrs.autocomplete ?? 'off'} aria-invalid=${problem ? 'true' : 'false'} />
      ${problem ? html`<span class="field-error">${problem.message}</span>` : ''}</label>`;
  }

  render() {
    return html`
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${this.handover
        ? html`<div class="card handover" role="status" data-handover=${this.handover.what}>
            <strong>${this.handover.what === 'link' ? `Send this link to ${this.handover.user}` : `The temporary password of ${this.handover.user}`}</strong>
            <code>${this.handover.text}</code>
            <span class="muted">${this.handover.what === 'link' ? `It works once and expires ${until(this.handover.expiresAt!)}.` : 'It is shown only now. They choose their own at the next sign-in.'}</span>
            <div><button @click=${() => (this.handover = undefined)}>Done</button></div>
          </div>`
        : ''}
      ${this.users === undefined
        ? html`<ul aria-busy="true" aria-label="Accounts, loading">${[1, 2].map(() => html`<li class="card placeholder"><mn-skeleton lines="2"></mn-skeleton></li>`)}</ul>`
        : html`<ul aria-label="Accounts">${this.users.map((u) => this.user(u))}</ul>
          ${this.users.every((u) => u.id === this.me) ? html`<p class="card empty" data-empty="users">Only you so far. <a href="#invites-title" @click=${this.toInvites}>Invite your household</a> with a link, or add an account below.</p>` : ''}`}
      <mn-admin-invites></mn-admin-invites>
      <form class="add card" @submit=${this.add} novalidate>
        <h2>Add an account yourself</h2>
        ${this.input('username', 'Username')}
        ${this.input('displayName', 'Display name (optional)')}
        ${this.input('password', 'First password', { type: 'password', autocomplete: 'new-password' })}
        <label>Role <select name="role"><option>user</option><option>admin</option></select></label>
        <div><button class="primary">Add account</button></div>
        ${this.added ? html`<p class="ok" role="status">${this.added}</p>` : ''}
      </form>
    `;
  }
}
customElements.define('mn-admin-users', MnAdminUsers);
