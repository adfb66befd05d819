// <mn-overseerr-admin>: the admins' Requests page: what waits for approval, who is who, and the webhook.
import { LitElement, css, html } from 'lit';
import { shared } from './styles.js';
import './counts-widget.js';
import './pending-requests.js';
import './people-links.js';
import './webhook-setup.js';

export class OverseerrAdminPage extends LitElement {
  static styles = [
    shared,
    css`
      :host { display: grid; gap: 1rem; max-width: 72rem; }
      section { background: var(--mn-surface, #fff); border: 1px solid var(--mn-border, #dde3ec); border-radius: var(--mn-radius, 10px); padding: 1rem; min-width: 0; }
      h2 { font-size: 1.05rem; margin: 0 0 0.75rem; }
    `,
  ];

  render() {
    return html`
      <section aria-labelledby="counts"><h2 id="counts">At a glance</h2><mn-overseerr-counts></mn-overseerr-counts></section>
      <section aria-labelledby="pending"><h2 id="pending">Waiting for approval</h2><mn-overseerr-pending></mn-overseerr-pending></section>
      <section aria-labelledby="people"><h2 id="people">Who is who in Overseerr</h2><mn-overseerr-people></mn-overseerr-people></section>
      <section aria-labelledby="webhook"><h2 id="webhook">Live updates from Overseerr (webhook)</h2><mn-overseerr-webhook-setup></mn-overseerr-webhook-setup></section>
    `;
  }
}
customElements.define('mn-overseerr-admin', OverseerrAdminPage);
