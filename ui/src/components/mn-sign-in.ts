import { LitElement, css, html } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';

/** Claims a fresh portal with the setup code, or signs in with a local account. */
export class MnSignIn extends LitElement {
  static properties = { mode: {}, error: { state: true }, busy: { state: true }, providers: { state: true }, waiting: { state: true } };
  declare providers: Array<{ id: string; name: string }>;
  /** The provider whose sign-in is under way in another tab. */
  declare waiting: string | undefined;
  private polling?: ReturnType<typeof setTimeout>;
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
      button.provider { background: var(--mn-surface); color: var(--mn-text); border: 1px solid var(--mn-border); }
    `,
  ];

  constructor() {
    super();
    this.mode = 'sign-in';
    this.busy = false;
    this.providers = [];
  }

  connectedCallback() {
    super.connectedCallback();
    if (this.mode !== 'setup') void api<{ providers: Array<{ id: string; name: string }> }>('/api/auth/providers').then((r) => (this.providers = r.providers), () => {});
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.polling);
  }

  /** Opens the provider in a new tab and asks the core every 2 s whether the person finished there. */
  private async withProvider(p: { id: string; name: string }) {
    this.error = undefined;
    const tab = window.open('', '_blank');
    try {
      const { flow, url } = await api<{ flow: string; url: string }>(`/api/auth/providers/${p.id}/start`, { method: 'POST' });
      if (tab) tab.location.href = url;
      else window.location.href = url;
      this.waiting = p.name;
      const until = Date.now() + 10 * 60_000;
      const poll = async () => {
        try {
          const res = await api<{ pending?: boolean }>(`/api/auth/providers/${p.id}/finish`, { method: 'POST', json: { flow } });
          if (!res?.pending) {
            this.waiting = undefined;
            this.dispatchEvent(new CustomEvent('signed-in', { bubbles: true, composed: true }));
            return;
          }
          if (Date.now() < until) this.polling = setTimeout(poll, 2000);
          else throw new Error('The sign-in took too long: start again');
        } catch (err) {
          this.waiting = undefined;
          this.error = (err as Error).message;
        }
      };
      this.polling = setTimeout(poll, 2000);
    } catch (err) {
      tab?.close();
      this.error = (err as Error).message;
    }
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
      ${setup ? '' : this.providers.map((p) => html`<button type="button" class="provider" @click=${() => this.withProvider(p)}>Sign in with ${p.name}</button>`)}
      ${this.waiting ? html`<p class="muted" role="status">Finish signing in with ${this.waiting} in the new tab; this page follows.</p>` : ''}
    </form>`;
  }
}
customElements.define('mn-sign-in', MnSignIn);
