import { LitElement, css, html } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import { forms } from '../forms.ts';
import './mn-skeleton.ts';

interface Provider { id: string; name: string; plugin: string; open: boolean; newUsers: 'create' | 'approve' }
interface Grant { permission: string; plugin: string; roles: string[]; users: string[] }

/** Admin: which sign-in providers are open, and who holds each plugin permission. */
export class MnAdminAccess extends LitElement {
  static properties = { providers: { state: true }, grants: { state: true }, users: { state: true }, error: { state: true }, loaded: { state: true } };
  /** Whether the lists arrived (until then, placeholders). */
  declare loaded: boolean;
  declare users: Array<{ id: string; username: string; role: string }>;
  declare providers: Provider[];
  declare grants: Grant[];
  declare error: string | undefined;

  static styles = [shared, forms, css`
    :host { display: grid; gap: 1rem; }
    h2 { margin: 0.5rem 0 0; }
    .card { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; justify-content: space-between; }
    .row { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; }
    label.inline { display: inline-flex; gap: 0.35rem; align-items: center; }
    p.empty-note { display: block; margin: 0; }
  `];

  constructor() {
    super();
    this.providers = [];
    this.grants = [];
    this.users = [];
    this.loaded = false;
  }

  connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  // Both controls as they are on the page now: a second change made before the first one's reload
  // came back must not send the first control's old value (it undid "get an account at once").
  private saveProvider(id: string, e: Event) {
    const card = (e.target as HTMLElement).closest('.card')!;
    const open = card.querySelector<HTMLInputElement>('input[type="checkbox"]')!.checked;
    const newUsers = card.querySelector<HTMLSelectElement>('select')!.value;
    return this.save(() => api(`/api/admin/auth-providers/${id}`, { method: 'PUT', json: { open, newUsers } }));
  }

  private async load() {
    try {
      this.providers = (await api<{ providers: Provider[] }>('/api/admin/auth-providers')).providers;
      this.grants = (await api<{ permissions: Grant[] }>('/api/admin/permissions')).permissions;
      this.users = (await api<{ users: Array<{ id: string; username: string; role: string }> }>('/api/admin/users')).users.filter((u) => u.role !== 'admin');
      this.loaded = true;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async save(fn: () => Promise<unknown>) {
    this.error = undefined;
    await fn().catch((err) => (this.error = err.message));
    await this.load();
  }

  render() {
    const error = this.error ? html`<p class="error" role="alert">${this.error}</p>` : '';
    if (!this.loaded) {
      return html`${error}${this.error ? '' : html`<div role="region" aria-busy="true" aria-label="Sign-in providers and permissions, loading"><mn-skeleton kind="rows" lines="3"></mn-skeleton></div>`}`;
    }
    return html`${error}
      <h2>Sign-in providers</h2>
      ${this.providers.length ? '' : html`<p class="card muted empty-note" data-empty="providers">No running plugin offers a way to sign in. Plugins that do (Plex, say) appear here once they run: <a href="#/admin/plugins">set one up under Plugins</a>.</p>`}
      ${this.providers.map(
        (p) => html`<div class="card" data-provider=${p.id}>
          <span><strong>${p.name}</strong> <span class="muted">${p.id}</span></span>
          <span class="row">
            <label class="inline"><input type="checkbox" .checked=${p.open} @change=${(e: Event) => this.saveProvider(p.id, e)} /> Open</label>
            <label class="inline">New people
              <select @change=${(e: Event) => this.saveProvider(p.id, e)}>
                <option value="approve" ?selected=${p.newUsers === 'approve'}>wait for approval</option>
                <option value="create" ?selected=${p.newUsers === 'create'}>get an account at once</option>
              </select>
            </label>
          </span>
        </div>`,
      )}
      <h2>Permissions</h2>
      ${this.grants.length ? '' : html`<p class="card muted empty-note" data-empty="permissions">No running plugin asks for permissions: there is nothing to grant yet.</p>`}
      ${this.grants.map(
        (g) => html`<div class="card" data-permission=${g.permission}>
          <span><strong>${g.permission}</strong> <span class="muted">admins always</span></span>
          <span class="row">
            <label class="inline"><input type="checkbox" .checked=${g.roles.includes('user')} @change=${(e: Event) => this.save(() => api(`/api/admin/permissions/${g.permission}`, { method: 'PUT', json: { roles: (e.target as HTMLInputElement).checked ? ['user'] : [], users: g.users } }))} /> All users</label>
            ${g.roles.includes('user')
              ? ''
              : this.users.map(
                  (u) => html`<label class="inline"><input type="checkbox" aria-label="${g.permission} for ${u.username}" .checked=${g.users.includes(u.id)}
                    @change=${(e: Event) => this.save(() => api(`/api/admin/permissions/${g.permission}`, { method: 'PUT', json: { roles: g.roles, users: (e.target as HTMLInputElement).checked ? [...g.users, u.id] : g.users.filter((id) => id !== u.id) } }))} /> ${u.username}</label>`,
                )}
          </span>
        </div>`,
      )}`;
  }
}
customElements.define('mn-admin-access', MnAdminAccess);
