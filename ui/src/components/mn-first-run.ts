import { LitElement, css, html } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import './mn-skeleton.ts';

interface PluginRow { id: string; displayName: string; enabled: boolean; state: string; condition?: string; summary?: string | null }

/** A plugin's state in the guide, never greener than it is. */
const stateWords = (p: PluginRow) =>
  !p.enabled ? 'not enabled yet'
    : p.condition === 'degraded' ? (p.summary ?? 'running — with problems').replace(/^running — /, 'running, but ')
      : p.state === 'failed' ? 'not running: open it to see why'
        : p.state;

/** Shown to an admin after claiming the portal: "Connect your first service", with the installed plugins and a way to their settings. */
export class MnFirstRun extends LitElement {
  static properties = { plugins: { state: true } };
  declare plugins: PluginRow[] | undefined;

  static styles = [shared, css`
    :host { display: block; margin-bottom: 1rem; }
    .card { border-left: 4px solid var(--mn-accent); }
    ul { margin: 0.5rem 0; padding-left: 1.1rem; }
    li { margin: 0.25rem 0; }
    .row { display: flex; gap: 0.75rem; flex-wrap: wrap; align-items: center; margin-top: 0.5rem; }
    button { font: inherit; background: none; border: 0; color: var(--mn-accent); text-decoration: underline; cursor: pointer; padding: 0; }
  `];

  connectedCallback() {
    super.connectedCallback();
    void api<{ plugins: PluginRow[] }>('/api/admin/plugins').then((r) => (this.plugins = r.plugins), () => (this.plugins = []));
  }

  private dismiss() {
    try { localStorage.setItem('mn-first-run-done', '1'); } catch { /* nothing to remember in */ }
    this.dispatchEvent(new CustomEvent('dismissed', { bubbles: true, composed: true }));
  }

  render() {
    const plugins = this.plugins ?? [];
    return html`<section class="card" aria-labelledby="first-run">
      <h2 id="first-run">Connect your first service</h2>
      <p>MediaNest shows what your services know: open a plugin's settings, enter its address, press <strong>Test connection</strong>, then enable it.</p>
      ${this.plugins === undefined
        ? html`<div role="region" aria-busy="true" aria-label="Installed plugins, loading"><mn-skeleton lines="2"></mn-skeleton></div>`
        : plugins.length
          ? html`<ul>${plugins.map((p) => html`<li><a href="#/admin/plugins?open=${p.id}">${p.displayName}</a> <span class="muted">— ${stateWords(p)}</span></li>`)}</ul>`
          : html`<p class="muted">No plugins are installed yet: add one to plugins.json (see the README).</p>`}
      <p class="row"><a href="#/admin/users">Invite your household</a><button @click=${this.dismiss}>Hide this guide</button></p>
    </section>`;
  }
}
customElements.define('mn-first-run', MnFirstRun);
