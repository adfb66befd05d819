import { LitElement, css, html } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import { forms } from '../forms.ts';

interface UserRow {
  id: string;
  username: string;
  name: string;
  role: 'admin' | 'user';
  disabled: boolean;
  createdAt: string;
}

/** Admin: accounts — add, change role, disable, delete (typing the username to confirm). */
export class MnAdminUsers extends LitElement {
  static properties = { users: { state: true }, error: { state: true } };
  declare users: UserRow[] | undefined;
  declare error: string | undefined;

  static styles = [
    shared,
    forms,
    css`
      :host { display: grid; gap: 1rem; }
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
      li { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; justify-content: space-between; }
      .who { min-width: 10rem; }
      .row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
      form.add { display: grid; gap: 0.5rem; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); align-items: end; }
    `,
  ];

  connectedCallback() {
    super.connectedCallback();
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
    void this.act(async () => {
      await api('/api/admin/users', { method: 'POST', json: data });
      form.reset();
    });
  }

  private deleteUser(u: UserRow) {
    const typed = prompt(`Delete ${u.username}? Type the username to confirm.`);
    if (typed === null) return;
    void this.act(() => api(`/api/admin/users/${u.id}?confirm=${encodeURIComponent(typed)}`, { method: 'DELETE' }));
  }

  render() {
    return html`
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <ul>
        ${(this.users ?? []).map(
          (u) => html`<li class="card" data-user=${u.username}>
            <span class="who"><strong>${u.name}</strong> <span class="muted">${u.username}</span></span>
            <span class="row">
              <select aria-label="Role of ${u.username}" @change=${(e: Event) => this.act(() => api(`/api/admin/users/${u.id}`, { method: 'PATCH', json: { role: (e.target as HTMLSelectElement).value } }))}>
                <option value="user" ?selected=${u.role === 'user'}>user</option>
                <option value="admin" ?selected=${u.role === 'admin'}>admin</option>
              </select>
              <button @click=${() => this.act(() => api(`/api/admin/users/${u.id}`, { method: 'PATCH', json: { disabled: !u.disabled } }))}>${u.disabled ? 'Enable' : 'Disable'}</button>
              <button @click=${() => this.act(() => api(`/api/admin/users/${u.id}/board`, { method: 'DELETE' }))} aria-label="Reset the dashboard of ${u.name}">Reset board</button>
              <button class="danger" @click=${() => this.deleteUser(u)}>Delete</button>
            </span>
          </li>`,
        )}
      </ul>
      <form class="add card" @submit=${this.add}>
        <label>Username <input name="username" required /></label>
        <label>Display name <input name="displayName" /></label>
        <label>First password <input name="password" type="password" required minlength="10" autocomplete="new-password" /></label>
        <label>Role <select name="role"><option>user</option><option>admin</option></select></label>
        <button class="primary">Add account</button>
      </form>
    `;
  }
}
customElements.define('mn-admin-users', MnAdminUsers);
