import { LitElement, css, html } from 'lit';

const TONES: Record<string, string> = {
  running: 'ok', up: 'ok', ok: 'ok', ready: 'ok',
  degraded: 'warn', starting: 'warn', stopping: 'warn', pending: 'warn',
  failed: 'bad', down: 'bad',
  disabled: 'idle',
};

/** A state shown as colour and word, never colour alone. */
export class MnStatusBadge extends LitElement {
  static properties = { state: {} };
  declare state: string;

  static styles = css`
    :host { display: inline-flex; }
    span {
      display: inline-flex; align-items: center; gap: 0.35em;
      font-size: 0.8rem; font-weight: 600; padding: 0.1em 0.55em;
      border-radius: 999px; border: 1px solid currentColor; white-space: nowrap;
    }
    span::before { content: ''; width: 0.55em; height: 0.55em; border-radius: 50%; background: currentColor; }
    .ok { color: var(--mn-ok); }
    .warn { color: var(--mn-warn); }
    .bad { color: var(--mn-bad); }
    .idle { color: var(--mn-idle); }
  `;

  render() {
    const state = this.state ?? 'unknown';
    return html`<span class=${TONES[state] ?? 'idle'} role="status">${state}</span>`;
  }
}
customElements.define('mn-status-badge', MnStatusBadge);
