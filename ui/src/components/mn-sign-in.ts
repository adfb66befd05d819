import { LitElement, css, html } from 'lit';
import { api, ApiError } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import { fieldMessages, type FieldMessage } from '../field-errors.ts';
import { clock } from '../time-words.ts';
import { signInWithProvider, type ProviderSignIn } from '../provider-sign-in.ts';

/** Claims a fresh portal with the setup code, or signs in with a local account. */
export class MnSignIn extends LitElement {
  static properties = { mode: {}, notice: {}, error: { state: true }, busy: { state: true }, providers: { state: true }, waiting: { state: true }, fields: { state: true }, lockedFor: { state: true } };
  /** Why this page is shown, e.g. "An admin ended this session". */
  declare notice: string | undefined;
  declare fields: Map<string, FieldMessage>;
  /** Seconds until the next try is allowed after too many wrong passwords; the button waits meanwhile. */
  declare lockedFor: number;
  private ticking?: ReturnType<typeof setInterval>;
  declare providers: Array<{ id: string; name: string }>;
  /** The provider whose sign-in is under way in another tab. */
  declare waiting: string | undefined;
  private flow?: ProviderSignIn;
  /** `setup` (first start) or `sign-in`. */
  declare mode: 'setup' | 'sign-in';
  declare error: string | undefined;
  declare busy: boolean;

  static styles = [
    shared,
    css`
      :host { display: block; max-width: 24rem; }
      form { display: grid; gap: 0.75rem; }
      label { display: grid; gap: 0.25rem; font-size: 0.9rem; }
      input { font: inherit; padding: 0.5rem; border: 1px solid var(--mn-border); border-radius: 6px; background: var(--mn-bg); color: var(--mn-text); }
      button { font: inherit; padding: 0.55rem; border: 0; border-radius: 6px; background: var(--mn-accent); color: var(--mn-on-accent); font-weight: 600; cursor: pointer; }
      button[disabled] { opacity: 0.6; cursor: progress; }
      .error { color: var(--mn-bad); margin: 0; }
      .field-error { color: var(--mn-bad); font-size: 0.85rem; }
      .notice { margin: 0; padding: 0.6rem 0.75rem; border-left: 4px solid var(--mn-warn); background: var(--mn-bg); }
      button[disabled] { cursor: not-allowed; }
      button.provider { background: var(--mn-surface); color: var(--mn-text); border: 1px solid var(--mn-border); }
    `,
  ];

  constructor() {
    super();
    this.mode = 'sign-in';
    this.busy = false;
    this.providers = [];
    this.fields = new Map();
    this.lockedFor = 0;
  }

  firstUpdated() {
    // The first field gets the cursor.
    this.renderRoot.querySelector<HTMLInputElement>('input')?.focus();
  }

  private startCountdown(seconds: number) {
    clearInterval(this.ticking);
    this.lockedFor = seconds;
    this.ticking = setInterval(() => {
      this.lockedFor = Math.max(0, this.lockedFor - 1);
      if (this.lockedFor === 0) {
        clearInterval(this.ticking);
        this.error = undefined;
      }
    }, 1000);
  }

  connectedCallback() {
    super.connectedCallback();
    if (this.mode !== 'setup') void api<{ providers: Array<{ id: string; name: string }> }>('/api/auth/providers').then((r) => (this.providers = r.providers), () => {});
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.flow?.cancel();
    clearInterval(this.ticking);
  }

  /** Signs in with a provider in a new tab; this page follows once the person finished there. */
  private async withProvider(p: { id: string; name: string }) {
    this.error = undefined;
    this.flow?.cancel();
    this.flow = signInWithProvider(p.id, { onStarted: () => (this.waiting = p.name) });
    try {
      if (!(await this.flow.done)) return;
      this.waiting = undefined;
      this.dispatchEvent(new CustomEvent('signed-in', { bubbles: true, composed: true }));
    } catch (err) {
      this.waiting = undefined;
      this.error = (err as Error).message;
    }
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target as HTMLFormElement)) as Record<string, string>;
    if (!data.displayName) delete data.displayName;
    this.busy = true;
    this.error = undefined;
    this.fields = new Map();
    try {
      await api(this.mode === 'setup' ? '/api/setup' : '/api/auth/login', { method: 'POST', json: data });
      this.dispatchEvent(new CustomEvent('signed-in', { bubbles: true, composed: true }));
    } catch (err) {
      const e = err as ApiError;
      this.fields = fieldMessages(e.details, 'body');
      const retry = (e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (e.status === 429 && retry) {
        this.startCountdown(retry);
        this.error = e.message.replace(/: try again in .*$/, '.');
      } else {
        this.error = this.fields.size ? undefined : e.message;
      }
    } finally {
      this.busy = false;
    }
  }

  private field(name: string, label: string, input: unknown) {
    const problem = this.fields.get(name);
    return html`<label>${label} ${input}${problem ? html`<span class="field-error" id="error-${name}">${problem.message}</span>` : ''}</label>`;
  }

  render() {
    const setup = this.mode === 'setup';
    const invalid = (name: string) => (this.fields.has(name) ? 'true' : 'false');
    return html`<form class="card" @submit=${this.submit} novalidate>
      ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : ''}
      ${setup
        ? html`<p class="muted">This portal is not set up yet. Enter the one-time setup code from MediaNest's log (or <code>medianest doctor</code>) and choose the admin account.</p>
            ${this.field('code', 'Setup code', html`<input name="code" required autocomplete="one-time-code" placeholder="XXXX-XXXX-XXXX" aria-invalid=${invalid('code')} />`)}`
        : ''}
      ${this.field('username', 'Username', html`<input name="username" required autocomplete="username" aria-invalid=${invalid('username')} />`)}
      ${setup ? this.field('displayName', 'Display name (optional)', html`<input name="displayName" autocomplete="name" />`) : ''}
      ${this.field('password', 'Password', html`<input name="password" type="password" required autocomplete=${setup ? 'new-password' : 'current-password'} aria-invalid=${invalid('password')} />`)}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <button ?disabled=${this.busy || this.lockedFor > 0} data-countdown=${this.lockedFor}>
        ${this.lockedFor > 0 ? `Try again in ${clock(this.lockedFor)}` : setup ? 'Create the admin account' : 'Sign in'}
      </button>
      ${setup ? '' : this.providers.map((p) => html`<button type="button" class="provider" @click=${() => this.withProvider(p)}>Sign in with ${p.name}</button>`)}
      ${this.waiting ? html`<p class="muted" role="status">Finish signing in with ${this.waiting} in the new tab; this page follows.</p>` : ''}
    </form>`;
  }
}
customElements.define('mn-sign-in', MnSignIn);
