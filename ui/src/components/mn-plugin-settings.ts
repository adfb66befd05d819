import { LitElement, css, html } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import { forms } from '../forms.ts';
import { fetchManifest, loadElement } from '../manifest.ts';

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; enum?: unknown[]; description?: string; default?: unknown; 'x-secret'?: boolean; 'x-hidden'?: boolean; minimum?: number; maximum?: number };

/** A plugin's settings form, made from its JSON Schema; secrets are write-only. */
export class MnPluginSettings extends LitElement {
  static properties = { plugin: {}, schema: { state: true }, settings: { state: true }, message: { state: true }, error: { state: true }, piece: { state: true } };
  declare plugin: string;
  declare schema: Schema | null | undefined;
  declare settings: Record<string, unknown>;
  declare message: string | undefined;
  declare error: string | undefined;
  /** The plugin's own component shown above the form (`ctx.ui.settings`), once loaded. */
  declare piece: HTMLElement | undefined;
  /** Which saved settings the form shows: a save made meanwhile elsewhere is refused, not overwritten. */
  private version: string | undefined;

  static styles = [shared, forms, css`
    form { display: grid; gap: 0.75rem; }
    .hint { font-size: 0.8rem; }
    .row { display: flex; gap: 0.5rem; flex-wrap: wrap; }
    .ok { color: var(--mn-ok); margin: 0; }
  `];

  constructor() {
    super();
    this.settings = {};
  }

  connectedCallback() {
    super.connectedCallback();
    this.loadSettings();
    void this.loadPiece();
  }

  private loadSettings() {
    void api<{ schema: Schema | null; settings: Record<string, unknown>; version?: string }>(`/api/admin/plugins/${this.plugin}/settings`).then(
      (r) => ((this.schema = r.schema), (this.settings = r.settings), (this.version = r.version)),
      (err) => (this.error = err.message),
    );
  }

  private async loadPiece() {
    try {
      const entry = (await fetchManifest()).settings?.find((s) => s.plugin === this.plugin);
      if (!entry) return;
      await loadElement(entry.module, entry.tag);
      const el = document.createElement(entry.tag);
      // The piece says when it changed settings the plugin keeps itself; the form reloads them.
      el.addEventListener('settings-changed', () => this.loadSettings());
      this.piece = el;
    } catch (err) {
      this.error = `This plugin's part of the form did not load: ${(err as Error).message}`;
    }
  }

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement; // read before any await: the event's target is cleared after dispatch
    const data = new FormData(form);
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(this.schema?.properties ?? {})) {
      // Hidden settings are not on the form: keep what plugins.json holds.
      if (prop['x-hidden']) {
        if (this.settings[key] !== undefined) out[key] = this.settings[key];
        continue;
      }
      const raw = data.get(key);
      const type = Array.isArray(prop.type) ? prop.type[0] : prop.type;
      if (prop['x-secret']) {
        if (raw) out[key] = String(raw);
        else if (this.settings[key] !== undefined) out[key] = { $secret: 'keep' };
      } else if (type === 'boolean') out[key] = data.has(key);
      else if (raw === null || raw === '') continue;
      else if (type === 'integer' || type === 'number') out[key] = Number(raw);
      else if (type === 'array') out[key] = String(raw).split(',').map((v) => v.trim()).filter(Boolean);
      else out[key] = String(raw);
    }
    this.error = undefined;
    this.message = undefined;
    try {
      const r = await api<{ state: string; reason: string | null; settings: Record<string, unknown>; version?: string }>(`/api/admin/plugins/${this.plugin}/settings`, { method: 'PUT', json: { settings: out, version: this.version } });
      this.settings = r.settings;
      this.version = r.version;
      // Secrets are write-only: clear them from the form once sent.
      form.querySelectorAll<HTMLInputElement>('input[type=password]').forEach((input) => (input.value = ''));
      this.message = r.reason ? `Saved, but the plugin is ${r.state}: ${r.reason}` : `Saved; the plugin is ${r.state}.`;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private field(key: string, prop: Schema) {
    const type = Array.isArray(prop.type) ? prop.type[0] : prop.type;
    const value = this.settings[key];
    const hint = prop.description ? html`<span class="hint muted">${prop.description}</span>` : '';
    if (prop['x-secret']) {
      return html`<label>${key} <input name=${key} type="password" autocomplete="off" placeholder=${value ? 'set — leave empty to keep' : 'not set'} />${hint}</label>`;
    }
    if (prop.enum) {
      return html`<label>${key} <select name=${key}>${prop.enum.map((v) => html`<option ?selected=${v === value}>${String(v)}</option>`)}</select>${hint}</label>`;
    }
    if (type === 'boolean') return html`<label class="row"><input type="checkbox" name=${key} .checked=${Boolean(value ?? prop.default)} /> ${key} ${hint}</label>`;
    const shown = Array.isArray(value) ? value.join(', ') : typeof value === 'object' && value ? JSON.stringify(value) : (value ?? '');
    return html`<label>${key} <input name=${key} .value=${String(shown)} placeholder=${prop.default !== undefined ? `default: ${String(prop.default)}` : ''} inputmode=${type === 'integer' || type === 'number' ? 'decimal' : 'text'} />${hint}</label>`;
  }

  render() {
    if (this.schema === undefined) return html`<p class="muted">Loading…</p>`;
    if (this.schema === null || !this.schema.properties) return html`${this.piece ?? ''}<p class="muted">This plugin has no settings.</p>`;
    return html`${this.piece ?? ''}<form @submit=${this.save}>
      ${Object.entries(this.schema.properties).filter(([, p]) => !p['x-hidden']).map(([k, p]) => this.field(k, p))}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${this.message ? html`<p class="ok" role="status">${this.message}</p>` : ''}
      <div class="row"><button class="primary">Save settings</button></div>
    </form>`;
  }
}
customElements.define('mn-plugin-settings', MnPluginSettings);
