import { LitElement, css, html } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import { forms } from '../forms.ts';
import './mn-account-links.ts';
import './mn-skeleton.ts';

interface Token { id: string; name: string; createdAt: string; lastUsedAt: string | null }

/** The signed-in person's API tokens: create (shown once), list, revoke. */
export class MnAccount extends LitElement {
  static properties = { tokens: { state: true }, fresh: { state: true }, error: { state: true } };
  /** Unset until the list arrives. */
  declare tokens: Token[] | undefined;
  declare fresh: string | undefined;
  declare error: string | undefined;

  static styles = [shared, forms, css`
    :host { display: grid; gap: 1rem; max-width: 40rem; }
    form { display: flex; gap: 0.5rem; align-items: end; flex-wrap: wrap; }
    .card { display: flex; justify-content: space-between; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
    code { overflow-wrap: anywhere; background: var(--mn-bg); padding: 0.25rem 0.4rem; border-radius: 4px; }
    .fresh { border-color: var(--mn-ok); display: block; }
    .list { display: grid; gap: 1rem; }
    .list .card mn-skeleton { flex: 1; }
    p.empty { display: block; margin: 0; }
  `];

  connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.tokens = (await api<{ tokens: Token[] }>('/api/tokens')).tokens;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async create(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const name = String(new FormData(form).get('name'));
    try {
      this.fresh = (await api<{ token: string }>('/api/tokens', { method: 'POST', json: { name } })).token;
      form.reset();
    } catch (err) {
      this.error = (err as Error).message;
    }
    await this.load();
  }

  private async revoke(t: Token) {
    await api(`/api/tokens/${t.id}`, { method: 'DELETE' }).catch((err) => (this.error = err.message));
    await this.load();
  }

  render() {
    return html`<mn-account-links></mn-account-links>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <form class="card" @submit=${this.create}>
        <label>New API token, for <input name="name" required maxlength="64" placeholder="backup script" /></label>
        <button class="primary">Create</button>
      </form>
      ${this.fresh
        ? html`<div class="card fresh" role="status"><p>Copy it now: it is not shown again.</p><code data-token>${this.fresh}</code></div>`
        : ''}
      ${this.list()}`;
  }

  private list() {
    if (this.tokens === undefined) {
      return this.error ? '' : html`<div class="list" role="region" aria-busy="true" aria-label="Your API tokens, loading"><div class="card"><mn-skeleton lines="1"></mn-skeleton></div></div>`;
    }
    if (!this.tokens.length) {
      return html`<p class="card empty" data-empty="tokens">No API tokens yet. A token lets a script or another app use MediaNest as you: name it above and press Create.</p>`;
    }
    return html`<div class="list" role="region" aria-label="Your API tokens">${this.tokens.map(
      (t) => html`<div class="card" data-token-name=${t.name}>
        <span><strong>${t.name}</strong> <span class="muted">made ${new Date(t.createdAt).toLocaleDateString()}${t.lastUsedAt ? `, last used ${new Date(t.lastUsedAt).toLocaleString()}` : ', never used'}</span></span>
        <button class="danger" @click=${() => this.revoke(t)} aria-label="Revoke ${t.name}">Revoke</button>
      </div>`,
    )}</div>`;
  }
}
customElements.define('mn-account', MnAccount);
