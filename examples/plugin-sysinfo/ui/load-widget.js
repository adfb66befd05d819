// <mn-sysinfo-load>: load average, memory and uptime of the server, updated live.
// Plain JS, no build step: `lit` and `@medianest/sdk/browser` come from the portal's import map.
import { LitElement, html, css } from 'lit';
import { api, live } from '@medianest/sdk/browser';

const GB = 1024 ** 3;

function duration(seconds) {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d ? `${d} d ${h} h` : h ? `${h} h ${m} min` : `${m} min`;
}

export class SysinfoLoad extends LitElement {
  static properties = { sample: { state: true }, error: { state: true }, now: { state: true } };

  static styles = css`
    :host { display: block; font-variant-numeric: tabular-nums; }
    .host { font-weight: 600; overflow-wrap: anywhere; }
    dl { display: grid; grid-template-columns: auto 1fr; gap: 0.4rem 0.75rem; margin: 0.75rem 0 0; }
    dt { color: var(--mn-muted, #5b6678); }
    dd { margin: 0; }
    progress { width: 100%; height: 0.6rem; accent-color: var(--mn-accent, #2f6feb); }
    .high progress { accent-color: var(--mn-bad, #cf222e); }
    .updated { margin: 0.75rem 0 0; font-size: 0.85rem; color: var(--mn-muted, #5b6678); }
    .error { color: var(--mn-bad, #cf222e); }
    .muted { color: var(--mn-muted, #5b6678); }
  `;

  connectedCallback() {
    super.connectedCallback();
    this.now = Date.now();
    api('/api/plugins/sysinfo/now').then(
      (sample) => (this.sample ??= sample),
      (err) => (this.error = `Server info is unavailable: ${err.message}`),
    );
    this.stop = live('sysinfo.sample', (sample) => {
      this.sample = sample;
      this.error = undefined;
    });
    this.clock = setInterval(() => (this.now = Date.now()), 1000);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stop?.();
    clearInterval(this.clock);
  }

  render() {
    if (this.error && !this.sample) return html`<p class="error" role="alert">${this.error}</p>`;
    const s = this.sample;
    if (!s) return html`<mn-skeleton lines="2"></mn-skeleton>`;
    const used = s.memory.totalBytes - s.memory.freeBytes;
    const ago = Math.max(0, Math.round((this.now - Date.parse(s.sampledAt)) / 1000));
    return html`
      <div class="host">${s.hostname}</div>
      <dl>
        <dt>Load</dt>
        <dd><span data-load1>${s.load[0].toFixed(2)}</span> · ${s.load[1].toFixed(2)} · ${s.load[2].toFixed(2)}
          <span class="muted">(${s.cpus} CPUs)</span></dd>
        <dt>Memory</dt>
        <dd class=${s.memory.usedPercent >= 90 ? 'high' : ''}>
          <progress max="100" value=${s.memory.usedPercent} aria-label="Memory used"></progress>
          <span data-memory>${s.memory.usedPercent.toFixed(0)}%</span> used
          (${(used / GB).toFixed(1)} of ${(s.memory.totalBytes / GB).toFixed(1)} GB)
        </dd>
        <dt>Up</dt>
        <dd>${duration(s.uptimeSeconds)}</dd>
      </dl>
      <p class="updated" data-updated=${s.sampledAt}>Updated ${ago === 0 ? 'just now' : `${ago} s ago`}</p>
    `;
  }
}

customElements.define('mn-sysinfo-load', SysinfoLoad);
