import { LitElement, css, html } from 'lit';
import { api, ApiError } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import { LiveReload } from '../live-reload.ts';
import './mn-status-badge.ts';
import './mn-plugin-settings.ts';
import './mn-skeleton.ts';

interface Check {
  name: string;
  status: 'up' | 'down' | 'degraded';
  latencyMs: number;
  detail: string | null;
}

interface PluginRow {
  id: string;
  displayName: string;
  version: string | null;
  enabled: boolean;
  state: string;
  /** The state as shown: `degraded` when running with a failing check. */
  condition: string;
  /** For admins, e.g. "running — cannot reach Uptime Kuma". */
  summary: string | null;
  reason: string | null;
  checks: Check[];
  /** Queues whose jobs failed in the last hour. */
  jobFailures?: Array<{ queue: string; failedLastHour: number; lastError: string; lastFailedAt: string }>;
}

/** Admin view of every plugin: version, state, why it failed, and its health checks. */
export class MnAdminPlugins extends LitElement {
  static properties = { file: { state: true }, warnings: { state: true }, plugins: { state: true }, message: { state: true }, busy: { state: true }, actionError: { state: true }, editing: { state: true } };
  /** The plugin whose settings form is open. */
  declare editing: string | undefined;
  declare busy: string | undefined;
  declare actionError: string | undefined;
  declare plugins: PluginRow[] | undefined;
  /** Where the live plugins.json is. */
  declare file: string | null;
  /** What to fix in plugins.json (an id listed twice…). */
  declare warnings: string[] | undefined;
  declare message: string | undefined;
  private readonly reload = new LiveReload(this, 'core.plugins.changed', () => void this.load());

  static styles = [
    shared,
    css`
      :host { display: block; }
      ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.75rem; }
      .head { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; justify-content: space-between; }
      .name { font-weight: 600; }
      .reason { color: var(--mn-bad); margin: 0.5rem 0 0; overflow-wrap: anywhere; }
      .job-failure { margin: 0.5rem 0 0; padding-left: 0.5rem; border-left: 3px solid var(--mn-warn); overflow-wrap: anywhere; }
      .file { margin: 0 0 0.75rem; overflow-wrap: anywhere; }
      code { background: var(--mn-surface); padding: 0.1rem 0.3rem; border-radius: 4px; overflow-wrap: anywhere; }
      table { width: 100%; border-collapse: collapse; margin-top: 0.5rem; font-size: 0.9rem; }
      td { padding: 0.25rem 0.25rem 0.25rem 0; vertical-align: top; overflow-wrap: anywhere; }
      .actions { display: inline-flex; align-items: center; gap: 0.5rem; }
      button { font: inherit; font-size: 0.85rem; padding: 0.2rem 0.6rem; border-radius: 6px; border: 1px solid var(--mn-border); background: var(--mn-bg); color: var(--mn-text); cursor: pointer; }
      button[disabled] { opacity: 0.6; cursor: progress; }
      td.num, td.name { text-align: right; white-space: nowrap; }
      td.name { text-align: left; }
    `,
  ];


  connectedCallback() {
    super.connectedCallback();
    // #/admin/plugins/<id> (e.g. from the search box) opens that plugin's settings.
    this.editing ??= /^#\/admin\/plugins\/([a-z0-9-]+)/.exec(location.hash)?.[1];
  }

  private async load() {
    try {
      const { plugins, pluginsFile, warnings } = await api<{ plugins: PluginRow[]; pluginsFile?: string | null; warnings?: string[] }>('/api/admin/plugins');
      this.warnings = warnings ?? [];
      this.plugins = plugins;
      this.file = pluginsFile ?? null;
      // "#/admin/plugins?open=<id>" (the first-run guide) opens that plugin's settings.
      const open = /[?&]open=([a-z0-9-]+)/.exec(location.hash)?.[1];
      if (open && this.editing === undefined && plugins.some((p) => p.id === open)) this.editing = open;
      this.message = undefined;
    } catch (err) {
      this.plugins = undefined;
      this.message = err instanceof ApiError && (err.status === 401 || err.status === 403)
        ? 'Sign in as an admin to manage plugins.'
        : `Plugins could not be loaded: ${(err as Error).message}`;
    }
  }

  private async toggle(p: PluginRow) {
    this.busy = p.id;
    this.actionError = undefined;
    try {
      await api(`/api/admin/plugins/${p.id}/${p.enabled ? 'disable' : 'enable'}`, { method: 'POST' });
      await this.load();
    } catch (err) {
      this.actionError = `${p.displayName}: ${(err as Error).message}`;
    } finally {
      this.busy = undefined;
    }
  }

  render() {
    if (this.message) return html`<p class="card muted" role="status">${this.message}</p>`;
    if (!this.plugins) return html`<ul aria-busy="true" aria-label="Plugins, loading">${[1, 2, 3].map(() => html`<li class="card"><mn-skeleton lines="2"></mn-skeleton></li>`)}</ul>`;
    if (!this.plugins.length) {
      return html`<div class="card empty" data-empty="plugins"><p><strong>No plugins are listed yet.</strong></p>
        <p class="muted">Add your first service to <code>${this.file ?? 'plugins.json'}</code>: install a plugin package and list it there, as the README's “plugins.json” section shows. It appears here without a restart, ready to set up.</p></div>`;
    }
    return html`${(this.warnings ?? []).map((w) => html`<p class="reason" role="alert">${w}</p>`)}${this.actionError ? html`<p class="reason" role="alert">${this.actionError}</p>` : ''}
      ${this.file ? html`<p class="muted file">Settings are kept in <code>${this.file}</code>; changes here are written there.</p>` : ''}<ul>
      ${this.plugins.map(
        (p) => html`<li class="card" data-plugin=${p.id}>
          <div class="head">
            <span><span class="name">${p.displayName}</span> <span class="muted">${p.id}${p.version ? ` · ${p.version}` : ''}</span></span>
            <span class="actions">
              <mn-status-badge .state=${p.condition ?? p.state} .label=${p.condition === 'degraded' && p.summary ? p.summary : undefined}></mn-status-badge>
              <button ?disabled=${this.busy === p.id} @click=${() => this.toggle(p)} aria-label="${p.enabled ? 'Disable' : 'Enable'} ${p.displayName}">
                ${p.enabled ? 'Disable' : 'Enable'}
              </button>
              <button @click=${() => (this.editing = this.editing === p.id ? undefined : p.id)} aria-expanded=${this.editing === p.id ? 'true' : 'false'} aria-label="Settings of ${p.displayName}">Settings</button>
            </span>
          </div>
          ${p.reason ? html`<p class="reason">${p.reason}</p>` : ''}
          ${(p.jobFailures ?? []).map(
            (f) => html`<p class="job-failure" role="status">
              Job “${f.queue}” ${f.failedLastHour ? `failed ${f.failedLastHour === 1 ? 'once' : `${f.failedLastHour} times`} in the last hour; last` : 'last failed'}
              at ${new Date(f.lastFailedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}: ${f.lastError}
            </p>`,
          )}
          ${this.editing === p.id ? html`<mn-plugin-settings .plugin=${p.id}></mn-plugin-settings>` : ''}
          ${p.checks.length
            ? html`<table>
                ${p.checks.map(
                  (c) => html`<tr>
                    <td class="name">${c.name}</td>
                    <td><mn-status-badge .state=${c.status}></mn-status-badge></td>
                    <td class="muted">${c.detail ?? ''}</td>
                    <td class="num">${c.latencyMs} ms</td>
                  </tr>`,
                )}
              </table>`
            : ''}
        </li>`,
      )}
    </ul>`;
  }
}
customElements.define('mn-admin-plugins', MnAdminPlugins);
