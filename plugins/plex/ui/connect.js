// <mn-plex-connect>: on the admin's Plex settings form: "Connect Plex" (sign in at plex.tv), then
// pick the server and the address to reach it at. Tokens stay on the server.
import { LitElement, html, css, nothing } from 'lit';
import { api } from '@medianest/sdk/browser';

export class PlexConnect extends LitElement {
  static properties = { state: { state: true }, servers: { state: true }, account: { state: true }, waiting: { state: true }, error: { state: true }, message: { state: true }, busy: { state: true } };

  static styles = css`
    :host { display: block; border: 1px solid var(--mn-border, #dde3ec); border-radius: 8px; padding: 0.75rem 1rem; margin: 0 0 1rem; }
    h3 { margin: 0 0 0.5rem; font-size: 1rem; }
    p { margin: 0.4rem 0; }
    .muted { color: var(--mn-muted, #5b6678); font-size: 0.85rem; }
    .row { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: center; margin-top: 0.6rem; }
    button { font: inherit; font-size: 0.9rem; padding: 0.4rem 0.75rem; border-radius: 6px; border: 1px solid var(--mn-border, #dde3ec); background: var(--mn-bg, #fff); color: inherit; cursor: pointer; }
    button.primary { background: var(--mn-accent, #2f6feb); border-color: var(--mn-accent, #2f6feb); color: var(--mn-on-accent, #fff); font-weight: 600; }
    fieldset { border: 1px solid var(--mn-border, #dde3ec); border-radius: 6px; margin: 0.5rem 0; padding: 0.5rem 0.75rem; min-width: 0; }
    legend { font-weight: 600; }
    label { display: flex; gap: 0.4rem; align-items: baseline; margin: 0.25rem 0; overflow-wrap: anywhere; }
    .state { font-weight: 600; }
    .ok { color: var(--mn-ok, #1a7f37); } .warn { color: var(--mn-warn, #9a6700); }
    .error { color: var(--mn-bad, #cf222e); }
  `;

  connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  async load() {
    try {
      this.state = await api('/api/plugins/plex/admin/connection');
    } catch (err) {
      this.error = err.message;
    }
  }

  async connect() {
    this.error = this.message = undefined;
    const tab = window.open('', '_blank');
    try {
      const { pinId, url } = await api('/api/plugins/plex/admin/connect', { method: 'POST' });
      if (tab) tab.location.href = url;
      else window.open(url, '_blank');
      this.waiting = true;
      const until = Date.now() + 14 * 60_000;
      const poll = async () => {
        try {
          const r = await api('/api/plugins/plex/admin/connect/check', { method: 'POST', json: { pinId } });
          if (r.pending) {
            if (Date.now() > until) throw new Error('The Plex sign-in took too long: press "Connect Plex" again');
            this.timer = setTimeout(poll, 1500);
            return;
          }
          this.waiting = false;
          this.account = r.account;
          this.servers = r.servers;
          if (!r.servers.length) this.error = `The Plex account ${r.account.username} has no server: sign in to Plex with the account that owns the server`;
        } catch (err) {
          this.waiting = false;
          this.error = err.message;
        }
      };
      this.timer = setTimeout(poll, 1500);
    } catch (err) {
      tab?.close();
      this.error = err.message;
    }
  }

  async pick(event) {
    event.preventDefault();
    const data = new FormData(event.target);
    const [machineIdentifier, uri] = String(data.get('choice') ?? '').split(' ');
    if (!machineIdentifier) return void (this.error = 'Pick a server and an address');
    this.busy = true;
    this.error = undefined;
    try {
      const r = await api('/api/plugins/plex/admin/server', { method: 'POST', json: { machineIdentifier, uri } });
      this.message = `Connected to ${r.server.name} (Plex Media Server ${r.server.version}) at ${r.server.uri}.`;
      this.servers = undefined;
      await this.load();
      this.dispatchEvent(new CustomEvent('settings-changed', { bubbles: true, composed: true }));
    } catch (err) {
      this.error = err.message;
    } finally {
      this.busy = false;
    }
  }

  async disconnect() {
    this.error = this.message = undefined;
    try {
      await api('/api/plugins/plex/admin/connection', { method: 'DELETE' });
      await this.load();
      this.message = 'Plex is no longer connected.';
    } catch (err) {
      this.error = err.message;
    }
  }

  status() {
    const s = this.state;
    if (!s) return html`<mn-skeleton lines="1"></mn-skeleton>`;
    if (!s.connected) return html`<p><span class="state warn">Not connected</span> — press “Connect Plex” and sign in with the Plex account that owns your server.</p>`;
    if (s.manual) return html`<p><span class="state ok">Connected by hand</span> to ${s.server.uri} (the address and token below). Clear them to use “Connect Plex” instead.</p>`;
    return html`<p><span class="state ok">Connected</span> to <strong>${s.server.name}</strong>${s.server.version ? ` (${s.server.version})` : ''} at ${s.server.uri}${s.account ? html` as ${s.account.username}` : nothing}.</p>`;
  }

  render() {
    return html`<h3>Plex server</h3>
      ${this.status()}
      ${this.servers?.length ? html`<form @submit=${this.pick}>
          <p>Signed in to Plex as <strong>${this.account.username}</strong>. Pick the server, and the address MediaNest should reach it at (local addresses are fastest):</p>
          ${this.servers.map((s, i) => html`<fieldset><legend>${s.name}${s.version ? ` · ${s.version}` : ''}${s.owned ? '' : ' · shared with you'}</legend>
            ${s.connections.map((c, j) => html`<label><input type="radio" name="choice" value=${`${s.machineIdentifier} ${c.uri}`} ?checked=${i === 0 && j === 0} /> ${c.uri} <span class="muted">${c.local ? 'local' : c.relay ? 'relay (slow)' : 'remote'}</span></label>`)}
          </fieldset>`)}
          <div class="row"><button class="primary" ?disabled=${this.busy}>Use this server</button></div>
        </form>` : nothing}
      ${this.waiting ? html`<p role="status">Approve MediaNest in the Plex tab that opened, then come back here…</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.message ? html`<p class="ok" role="status">${this.message}</p>` : nothing}
      <div class="row">
        <button class="primary" type="button" @click=${() => this.connect()} ?disabled=${this.waiting}>${this.state?.connected ? 'Connect another Plex account' : 'Connect Plex'}</button>
        ${this.state?.connected && !this.state.manual ? html`<button type="button" @click=${() => this.disconnect()}>Disconnect</button>` : nothing}
      </div>`;
  }
}
customElements.define('mn-plex-connect', PlexConnect);
