import { LitElement, css, html } from 'lit';
import { api, ApiError } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import './mn-skeleton.ts';
import { forms } from '../forms.ts';
import { fieldMessages, type FieldMessage } from '../field-errors.ts';
import { applyTheme, type Theme } from '../theme-choice.ts';

interface Profile {
  id: string;
  username: string;
  name: string;
  role: string;
  theme: Theme;
  hasPassword: boolean;
  mustChangePassword: boolean;
}

/** The account page's own part: display name and theme, and changing the password. */
export class MnProfile extends LitElement {
  static properties = { passwordOnly: { type: Boolean, attribute: 'password-only' }, profile: { state: true }, saved: { state: true }, error: { state: true }, pwFields: { state: true }, pwDone: { state: true }, pwError: { state: true } };
  /** Only the password form (a temporary password's session may do nothing else); sends `password-changed`. */
  declare passwordOnly: boolean;
  declare profile: Profile | undefined;
  declare saved: string | undefined;
  declare error: string | undefined;
  declare pwFields: Map<string, FieldMessage>;
  declare pwDone: string | undefined;
  declare pwError: string | undefined;

  static styles = [shared, forms, css`
    :host { display: grid; gap: 1rem; }
    form { display: grid; gap: 0.75rem; max-width: 28rem; }
    form > p { margin: 0; }
    fieldset { border: 0; padding: 0; margin: 0; display: flex; gap: 1rem; flex-wrap: wrap; }
    legend { font-size: 0.85rem; margin-bottom: 0.25rem; }
    fieldset label { display: flex; gap: 0.35rem; align-items: center; }
    .ok { color: var(--mn-ok); margin: 0; }
    .field-error { color: var(--mn-bad); font-size: 0.85rem; }
    .must { border-color: var(--mn-warn); border-left-width: 4px; }
  `];

  constructor() {
    super();
    this.passwordOnly = false;
    this.pwFields = new Map();
  }

  connectedCallback() {
    super.connectedCallback();
    void api<Profile>('/api/me/profile').then(
      (p) => {
        this.profile = p;
        applyTheme(p.theme);
        if (this.passwordOnly) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('input')?.focus());
      },
      (err) => (this.error = err.message),
    );
  }

  private async saveProfile(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.saved = this.error = undefined;
    try {
      this.profile = await api<Profile>('/api/me/profile', { method: 'PATCH', json: { displayName: String(data.get('displayName') ?? ''), theme: String(data.get('theme')) } });
      applyTheme(this.profile.theme);
      this.saved = 'Saved.';
      this.dispatchEvent(new CustomEvent('profile-changed', { bubbles: true, composed: true }));
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async changePassword(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    this.pwDone = this.pwError = undefined;
    this.pwFields = new Map();
    if (data.get('password') !== data.get('repeat')) {
      this.pwFields = new Map([['repeat', { label: 'Repeat the new password', message: 'The two new passwords are not the same' }]]);
      return;
    }
    try {
      const r = await api<{ endedSessions: number }>('/api/me/password', { method: 'POST', json: { current: data.get('current'), password: data.get('password') } });
      form.reset();
      this.pwDone = `Password changed.${r.endedSessions ? ` You were signed out on ${r.endedSessions} other device${r.endedSessions === 1 ? '' : 's'}.` : ''}`;
      if (this.profile) this.profile = { ...this.profile, mustChangePassword: false };
      this.dispatchEvent(new CustomEvent('password-changed', { bubbles: true, composed: true }));
    } catch (err) {
      this.pwFields = fieldMessages((err as ApiError).details, 'body');
      this.pwError = this.pwFields.size ? undefined : (err as Error).message;
    }
  }

  private pwInput(name: string, label: string, autocomplete: string) {
    const problem = this.pwFields.get(name);
    return html`<label>${label}
      <input name=${name} type="password" required autocomplete=${autocomplete} aria-invalid=${problem ? 'true' : 'false'} />
      ${problem ? html`<span class="field-error">${problem.message}</span>` : ''}</label>`;
  }

  render() {
    if (this.error && !this.profile) return html`<p class="error" role="alert">${this.error}</p>`;
    const p = this.profile;
    if (!p) return html`<div class="card" role="region" aria-busy="true" aria-label="Your profile, loading"><mn-skeleton lines="3"></mn-skeleton></div>`;
    const password = p.hasPassword
      ? html`<form class="card ${p.mustChangePassword ? 'must' : ''}" @submit=${this.changePassword} aria-label=${this.passwordOnly ? 'Choose a new password' : 'Change your password'} data-password-form>
          ${this.passwordOnly ? '' : html`<h2>Change your password</h2>`}
          ${p.mustChangePassword ? html`<p role="alert">An admin gave you a temporary password: choose your own now.</p>` : html`<p class="muted">Your other devices are signed out when you change it.</p>`}
          ${this.pwInput('current', p.mustChangePassword ? 'Temporary password' : 'Current password', 'current-password')}
          ${this.pwInput('password', 'New password (at least 10 characters)', 'new-password')}
          ${this.pwInput('repeat', 'Repeat the new password', 'new-password')}
          ${this.pwError ? html`<p class="error" role="alert">${this.pwError}</p>` : ''}
          ${this.pwDone ? html`<p class="ok" role="status">${this.pwDone}</p>` : ''}
          <div><button class="primary">Change password</button></div>
        </form>`
      : html`<p class="card muted">You sign in with a provider, so there is no password to change here.</p>`;
    if (this.passwordOnly) return password;
    return html`
      ${p.mustChangePassword ? password : ''}
      <form class="card" @submit=${this.saveProfile} aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <p class="muted">Signed in as <strong>${p.username}</strong> (${p.role}).</p>
        <label>Display name <input name="displayName" .value=${p.name} maxlength="64" autocomplete="name" /><span class="muted hint">Leave it empty to show your username.</span></label>
        <fieldset>
          <legend>Theme</legend>
          ${(['system', 'light', 'dark'] as const).map((t) => html`<label><input type="radio" name="theme" value=${t} ?checked=${p.theme === t} /> ${t === 'system' ? 'Follow the device' : t === 'light' ? 'Light' : 'Dark'}</label>`)}
        </fieldset>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
        ${this.saved ? html`<p class="ok" role="status">${this.saved}</p>` : ''}
        <div><button class="primary">Save profile</button></div>
      </form>
      ${p.mustChangePassword ? '' : password}
    `;
  }
}
customElements.define('mn-profile', MnProfile);
