// <mn-overseerr-webhook-setup>: what to paste into Overseerr (Settings → Notifications → Webhook):
// the URL, the Authorization header and the JSON payload, each with a Copy button.
import { LitElement, css, html, nothing } from 'lit';
import { api, live } from '@medianest/sdk/browser';
import { shared } from './styles.js';
import { when } from './words.js';

export class OverseerrWebhookSetup extends LitElement {
  static properties = { info: { state: true }, error: { state: true }, copied: { state: true } };

  static styles = [
    shared,
    css`
      dl { display: grid; gap: 0.5rem; margin: 0; }
      dt { font-weight: 600; font-size: 0.9rem; }
      dd { margin: 0; display: flex; gap: 0.5rem; align-items: start; min-width: 0; }
      code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.85rem; background: var(--mn-bg, #f4f6fa); border: 1px solid var(--mn-border, #dde3ec); border-radius: 6px; padding: 0.3rem 0.5rem; overflow-wrap: anywhere; flex: 1 1 auto; min-width: 0; }
      pre { margin: 0; max-height: 14rem; overflow: auto; white-space: pre; }
    `,
  ];

  connectedCallback() {
    super.connectedCallback();
    this.load();
    this.stopLive = live('overseerr.webhook-test', () => this.load());
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopLive?.();
  }

  async load() {
    try {
      this.info = await api('/api/plugins/overseerr/webhook');
    } catch (err) {
      this.error = err.message;
    }
  }

  async copy(what, text) {
    try {
      await navigator.clipboard.writeText(text);
      this.copied = what;
    } catch {
      this.copied = `${what}: select it and copy by hand`;
    }
  }

  render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    const i = this.info;
    if (!i) return html`<mn-skeleton lines="3"></mn-skeleton>`;
    const url = `${location.origin}${i.path}`;
    return html`
      <p class="small">In Overseerr: Settings → Notifications → Webhook. Turn it on, paste these three, tick the request and issue types, save, then press Test.</p>
      <dl>
        <dt>Webhook URL</dt>
        <dd><code data-webhook-url>${url}</code><button @click=${() => this.copy('URL', url)}>Copy</button></dd>
        <dt>Authorization Header</dt>
        <dd><code data-webhook-auth>${i.authorization}</code><button @click=${() => this.copy('Header', i.authorization)}>Copy</button></dd>
        <dt>JSON Payload</dt>
        <dd><pre tabindex="0" aria-label="JSON payload to paste">${i.template}</pre><button @click=${() => this.copy('Payload', i.template)}>Copy</button></dd>
      </dl>
      ${this.copied ? html`<p class="done small" role="status">${this.copied} copied.</p>` : nothing}
      <p class="small" data-last-delivery>${i.lastDelivery ? html`Last call from Overseerr: ${i.lastDelivery.event === 'TEST_NOTIFICATION' ? 'a test' : i.lastDelivery.event}, ${when(i.lastDelivery.at)}.` : html`<strong>No call from Overseerr yet</strong>: until one arrives, request states are checked on a timer instead (Check requests every, in the settings).`}</p>
      <p class="muted small">The header is made from the API key: after changing the API key, paste the new header into Overseerr.</p>
    `;
  }
}
customElements.define('mn-overseerr-webhook-setup', OverseerrWebhookSetup);
