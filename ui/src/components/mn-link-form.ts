import { LitElement, css, html } from 'lit';
import { api, ApiError } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import './mn-skeleton.ts';
import { forms } from '../forms.ts';
import { fieldMessages, type FieldMessage } from '../field-errors.ts';
import { until } from '../time-words.ts';
import { signInWithProvider, type ProviderSignIn } from '../provider-sign-in.ts';

/**
 * What a one-time link opens: `invite` (choose a username and password for a new account, or sign
 * in with a provider the admin opened) or `reset` (choose a new password). Either signs this
 * browser in and sends `signed-in`.
 */
export class MnLinkForm extends LitElement {
  static properties = {
    kind: {}, token: {}, info: { state: true }, gone: { state: true }, fields: { state: true }, error: { state: true }, busy: { state: true },
    providers: { state: true }, waiting: { state: true },
  };
  /** Sign-in providers the admin opened: an invite can be accepted with any of them. */
  declare providers: Array<{ id: string; name: string }>;
  /** The provider whose sign-in is under way in another tab. */
  declare waiting: string | undefined;
  private flow?: ProviderSignIn;
  declare kind: 'invite' | 'reset';
  declare token: string;
  declare info: { role?: string; username?: string; expiresAt: string } | undefined;
  declare gone: string | undefined;
  declare fields: Map<string, FieldMessage>;
  declare error: string | undefined;
  declare busy: boolean;

  static styles = [shared, forms, css`
    :host { display: block; max-width: 26rem; }
    form { display: grid; gap: 0.75rem; }
    form > p { margin: 0; }
    .field-error { color: var(--mn-bad); font-size: 0.85rem; }
    .hint { font-size: 0.8rem; }
    .providers { display: grid; gap: 0.5rem; }
    button.provider { background: var(--mn-surface); color: var(--mn-text); border: 1px solid var(--mn-border); }
    .or { display: flex; align-items: center; gap: 0.5rem; margin: 0; font-size: 0.85rem; }
    .or::before, .or::after { content: ''; flex: 1; border-top: 1px solid var(--mn-border); }
  `];

  constructor() {
    super();
    this.fields = new Map();
    this.busy = false;
    this.providers = [];
  }

  connectedCallback() {
    super.connectedCallback();
    const path = this.kind === 'invite' ? `/api/invites/${this.token}` : `/api/password-reset/${this.token}`;
    void api<{ role?: string; username?: string; expiresAt: string }>(path).then(
      (info) => {
        this.info = info;
        void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('input')?.focus());
      },
      (err) => (this.gone = (err as Error).message),
    );
    if (this.kind === 'invite') void api<{ providers: Array<{ id: string; name: string }> }>('/api/auth/providers').then((r) => (this.providers = r.providers), () => {});
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.flow?.cancel();
  }

  /** Accepts the invite by signing in with a provider in a new tab; the account gets the invite's role at once. */
  private async withProvider(p: { id: string; name: string }) {
    this.error = undefined;
    this.flow?.cancel();
    this.flow = signInWithProvider(p.id, { invite: this.token, onStarted: () => (this.waiting = p.name) });
    try {
      if (!(await this.flow.done)) return;
      this.waiting = undefined;
      this.dispatchEvent(new CustomEvent('signed-in', { bubbles: true, composed: true }));
    } catch (err) {
      this.waiting = undefined;
      // The invite was used up or withdrawn meanwhile: the page says so, as when the link is opened.
      if (err instanceof ApiError && err.status === 404) this.gone = err.message;
      else this.error = (err as Error).message;
    }
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target as HTMLFormElement)) as Record<string, string>;
    this.fields = new Map();
    this.error = undefined;
    if (data.password !== data.repeat) {
      this.fields = new Map([['repeat', { label: 'Repeat the password', message: 'The two passwords are not the same' }]]);
      return;
    }
    delete data.repeat;
    if (!data.displayName?.trim()) delete data.displayName;
    this.busy = true;
    try {
      const path = this.kind === 'invite' ? `/api/invites/${this.token}` : `/api/password-reset/${this.token}`;
      await api(path, { method: 'POST', json: data });
      this.dispatchEvent(new CustomEvent('signed-in', { bubbles: true, composed: true }));
    } catch (err) {
      this.fields = fieldMessages((err as ApiError).details, 'body');
      this.error = this.fields.size ? undefined : (err as Error).message;
    } finally {
      this.busy = false;
    }
  }

  private input(name: string, label: string, attrs: { type?: string; autocomplete: string; hint?: string }) {
    const problem = this.fields.get(name);
    return html`<label>${label}
      <input name=${name} type=${attrs.type ?? 'text'} autocomplete=${attrs.autocomplete} aria-invalid=${problem ? 'true' : 'false'} />
      ${attrs.hint ? html`<span class="hint muted">${attrs.hint}</span>` : ''}
      ${problem ? html`<span class="field-error">${problem.message}</span>` : ''}</label>`;
  }

  render() {
    if (this.gone) return html`<div class="card" role="alert"><p>${this.gone}</p><p><a href="#/sign-in">Go to the sign-in page</a></p></div>`;
    if (!this.info) return html`<div class="card" role="region" aria-busy="true" aria-label="Loading"><mn-skeleton lines="3"></mn-skeleton></div>`;
    const invite = this.kind === 'invite';
    return html`<form class="card" @submit=${this.submit} novalidate>
      <p>${invite
        ? html`You are invited to MediaNest${this.info.role === 'admin' ? ' as an admin' : ''}. Choose how you sign in. The invite works once and expires ${until(this.info.expiresAt)}.`
        : html`Choose a new password for <strong>${this.info.username}</strong>. The link works once and expires ${until(this.info.expiresAt)}.`}</p>
      ${invite && this.providers.length
        ? html`<div class="providers">${this.providers.map((p) => html`<button type="button" class="provider" @click=${() => this.withProvider(p)}>Join with ${p.name}</button>`)}</div>
            ${this.waiting ? html`<p class="muted" role="status">Finish signing in with ${this.waiting} in the new tab; this page follows.</p>` : ''}
            <p class="or muted">or choose a username and password</p>`
        : ''}
      ${invite ? this.input('username', 'Username', { autocomplete: 'username', hint: 'Letters, digits, dots, dashes or underscores' }) : ''}
      ${invite ? this.input('displayName', 'Display name (optional)', { autocomplete: 'name' }) : ''}
      ${this.input('password', 'Password (at least 10 characters)', { type: 'password', autocomplete: 'new-password' })}
      ${this.input('repeat', 'Repeat the password', { type: 'password', autocomplete: 'new-password' })}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <button class="primary" ?disabled=${this.busy}>${invite ? 'Create my account' : 'Set the new password'}</button>
    </form>`;
  }
}
customElements.define('mn-link-form', MnLinkForm);
