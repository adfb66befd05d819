import { LitElement, css, html } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import { forms } from '../forms.ts';

interface Provider { id: string; name: string }

/** Sign-in providers (Plex, say) the signed-in person can link to their account, and which are linked. */
export class MnAccountLinks extends LitElement {
  static properties = { providers: { state: true }, linked: { state: true }, waiting: { state: true }, error: { state: true }, message: { state: true } };
  declare providers: Provider[];
  declare linked: Set<string>;
  declare waiting: string | undefined;
  declare error: string | undefined;
  declare message: string | undefined;
  private timer?: ReturnType<typeof setTimeout>;

  static styles = [shared, forms, css`
    :host { display: grid; gap: 0.5rem; }
    :host([hidden]) { display: none; }
    .card { display: flex; justify-content: space-between; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
    .ok { color: var(--mn-ok); margin: 0; }
  `];

  constructor() {
    super();
    this.providers = [];
    this.linked = new Set();
  }

  connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  private async load() {
    try {
      const [p, i] = await Promise.all([api<{ providers: Provider[] }>('/api/auth/providers'), api<{ identities: Array<{ provider: string }> }>('/api/auth/identities')]);
      this.providers = p.providers;
      this.linked = new Set(i.identities.map((x) => x.provider));
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  /** The provider's page in a new tab; this page asks every 2 s whether the person approved there. */
  private async link(p: Provider) {
    this.error = this.message = undefined;
    const tab = window.open('', '_blank');
    try {
      const { flow, url } = await api<{ flow: string; url: string }>(`/api/auth/providers/${p.id}/start`, { method: 'POST' });
      if (tab) tab.location.href = url;
      else window.open(url, '_blank');
      this.waiting = p.name;
      const until = Date.now() + 10 * 60_000;
      const poll = async () => {
        try {
          const res = await api<{ pending?: boolean; name?: string }>(`/api/auth/providers/${p.id}/link`, { method: 'POST', json: { flow } });
          if (res?.pending) {
            if (Date.now() > until) throw new Error('Linking took too long: start again');
            this.timer = setTimeout(poll, 2000);
            return;
          }
          this.waiting = undefined;
          this.message = `Linked ${p.name}${res?.name ? ` (${res.name})` : ''}: you can sign in with it from now on.`;
          await this.load();
        } catch (err) {
          this.waiting = undefined;
          this.error = (err as Error).message;
        }
      };
      this.timer = setTimeout(poll, 2000);
    } catch (err) {
      tab?.close();
      this.error = (err as Error).message;
    }
  }

  updated() {
    // No provider to link: take no room (the account page's grid would leave a gap).
    this.hidden = !this.providers.length;
  }

  render() {
    if (!this.providers.length) return html``;
    return html`<h2>Sign in with</h2>
      ${this.providers.map((p) => html`<div class="card"><span><strong>${p.name}</strong> <span class="muted">${this.linked.has(p.id) ? 'linked to this account' : 'not linked'}</span></span>
        <button type="button" ?disabled=${!!this.waiting} @click=${() => this.link(p)}>${this.linked.has(p.id) ? `Link another ${p.name} account` : `Link ${p.name}`}</button></div>`)}
      ${this.waiting ? html`<p class="muted" role="status">Approve in the ${this.waiting} tab that opened; this page follows.</p>` : ''}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${this.message ? html`<p class="ok" role="status">${this.message}</p>` : ''}`;
  }
}
customElements.define('mn-account-links', MnAccountLinks);
