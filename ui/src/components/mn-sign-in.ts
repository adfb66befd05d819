import { LitElement, css, html } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';

/** Claims a fresh portal with the setup code, or signs in with a local account. */
export class MnSignIn extends LitElement {
  static properties = { mode: {}, error: { state: true }, busy: { state: true } };
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
      button { font: inherit; padding: 0.55rem; border: 0; border-radius: 6px; background: var(--mn-accent); color: #fff; font-weight: 600; cursor: pointer; }
      button[disabled] { opacity: 0.6; cursor: progress; }
      .error { color: var(--mn-bad); margin: 0; }
    `,
  ];

  constructor() {
    super();
    this.mode = 'sign-in';
    this.busy = false;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target as HTMLFormElement)) as Record<string, string>;
    if (!data.displayName) delete data.displayName;
    this.busy = true;
    this.error = undefined;
    try {
      await api(this.mode === 'setup' ? '/api/setup' : '/api/auth/login', { method: 'POST', json: data });
      this.dispatchEvent(new CustomEvent('signed-in', { bubbles: true, composed: true }));
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.busy = false;
    }
  }

  render() {
    const setup = this.mode === 'setup';
    return html`<form class="card" @submit=${this.submit}>
      ${setup
        ? html`<p class="muted">This portal is not set up yet. Enter the one-time setup code from MediaNest's log (or <code>medianest doctor</code>) and choose the admin account.</p>
            <label>Setup code <input name="code" required autocomplete="one-time-code" placeholder="XXXX-XXXX-XXXX" /></label>`
        : ''}
      <label>Username <input name="username" required autocomplete="username" /></label>
      ${setup ? html`<label>Display name <input name="displayName" autocomplete="name" /></label>` : ''}
      <label>Password <input name="password" type="password" required minlength=${setup ? 10 : 1} autocomplete=${setup ? 'new-password' : 'current-password'} /></label>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <button ?disabled=${this.busy}>${setup ? 'Create the admin account' : 'Sign in'}</button>
    </form>`;
  }
}
customElements.define('mn-sign-in', MnSignIn);
