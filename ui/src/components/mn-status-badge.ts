import { LitElement, css, html } from 'lit';

const TONES: Record<string, string> = {
  running: 'ok', up: 'ok', ok: 'ok', ready: 'ok',
  degraded: 'warn', starting: 'warn', stopping: 'warn', pending: 'warn',
  failed: 'bad', down: 'bad',
  disabled: 'idle',
};

/** A state shown as colour and word, never colour alone; `label` replaces the word (e.g. "running — cannot reach Uptime Kuma"). */
export class MnStatusBadge extends LitElement {
  static properties = { state: {}, label: {} };
  declare state: string;
  declare label: string | undefined;

  static styles = css`
    :host { display: inline-flex; }
    span {
      display: inline-flex; align-items: center; gap: 0.35em;
      font-size: 0.8rem; font-weight: 600; padding: 0.1em 0.55em;
      border-radius: 999px; border: 1px solid currentColor; white-space: nowrap;
    }
    span.long { white-space: normal; border-radius: 0.8em; }
    span::before { content: ''; flex: none; width: 0.55em; height: 0.55em; border-radius: 50%; background: currentColor; }
    .ok { color: var(--mn-ok); }
    .warn { color: var(--mn-warn); }
    .bad { color: var(--mn-bad); }
    .idle { color: var(--mn-idle); }
  `;

  render() {
    const state = this.state ?? 'unknown';
    const text = this.label ?? state;
    return html`<span class="${TONES[state] ?? 'idle'}${text.length > 20 ? ' long' : ''}" role="status">${text}</span>`;
  }
}
customElements.define('mn-status-badge', MnStatusBadge);
