import { LitElement, css, html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { api, ApiError } from '@medianest/sdk/browser';
import { shared } from '../theme.ts';
import { forms } from '../forms.ts';
import './mn-skeleton.ts';
import { claimSkeletons } from '../skeleton-claims.ts';
import { fieldMessages, type FieldMessage } from '../field-errors.ts';
import { fetchManifest, loadElement } from '../manifest.ts';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  title?: string;
  description?: string;
  default?: unknown;
  'x-secret'?: boolean;
  'x-hidden'?: boolean;
};

interface TestResult {
  ok: boolean;
  message: string;
  detail?: string;
}

/** "pollInterval" → "Poll interval", for schemas without titles. */
const humanise = (key: string) => {
  const words = key.replace(/[_-]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').trim().toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : key;
};

/** A plugin's settings form, made from its JSON Schema (labels from `title`, hints from `description`); secrets are write-only. */
export class MnPluginSettings extends LitElement {
  static properties = {
    plugin: {},
    schema: { state: true },
    settings: { state: true },
    testable: { state: true },
    message: { state: true },
    error: { state: true },
    fieldErrors: { state: true },
    test: { state: true },
    busy: { state: true },
    piece: { state: true },
  };
  declare plugin: string;
  declare schema: Schema | null | undefined;
  declare settings: Record<string, unknown>;
  declare testable: boolean;
  declare message: string | undefined;
  declare error: string | undefined;
  declare fieldErrors: Map<string, FieldMessage>;
  declare test: TestResult | undefined;
  declare busy: 'save' | 'test' | undefined;
  /** The plugin's own component shown above the form (`ctx.ui.settings`), once loaded. */
  declare piece: HTMLElement | undefined;
  /** Which saved settings the form shows: a save made meanwhile elsewhere is refused, not overwritten. */
  private version: string | undefined;

  static styles = [shared, forms, css`
    form { display: grid; gap: 0.9rem; }
    .hint { font-size: 0.8rem; }
    .row { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: center; }
    .check { display: flex; gap: 0.5rem; align-items: flex-start; }
    .ok { color: var(--mn-ok); margin: 0; }
    .field-error { color: var(--mn-bad); font-size: 0.85rem; }
    input[aria-invalid='true'] { border-color: var(--mn-bad); }
    .result { margin: 0; overflow-wrap: anywhere; }
    .result .detail { display: block; font-size: 0.85rem; color: var(--mn-muted); }
    .required { color: var(--mn-muted); font-weight: normal; }
  `];

  constructor() {
    super();
    // Busy while the form, or the plugin's own part of it (Plex's connection status, say), shows a skeleton.
    claimSkeletons(this, (n) => this.setAttribute('aria-busy', n > 0 ? 'true' : 'false'));
    this.settings = {};
    this.testable = false;
    this.fieldErrors = new Map();
  }

  connectedCallback() {
    super.connectedCallback();
    this.loadSettings();
    void this.loadPiece();
  }

  private loadSettings() {
    void api<{ schema: Schema | null; settings: Record<string, unknown>; testable?: boolean; version?: string }>(`/api/admin/plugins/${this.plugin}/settings`).then(
      (r) => ((this.schema = r.schema), (this.settings = r.settings), (this.testable = Boolean(r.testable)), (this.version = r.version)),
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

  protected updated(changed: Map<string, unknown>) {
    // The form just appeared: put the cursor in its first field.
    if (changed.has('schema') && changed.get('schema') === undefined && this.schema) {
      this.renderRoot.querySelector<HTMLElement>('form input, form select')?.focus();
    }
  }

  /** The form's values as settings: empty fields are left out, secrets left empty keep the stored one. */
  private collect(form: HTMLFormElement): Record<string, unknown> {
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
      else if (raw === null || String(raw).trim() === '') continue;
      else if ((type === 'integer' || type === 'number') && !Number.isNaN(Number(raw))) out[key] = Number(raw);
      else if (type === 'array') out[key] = String(raw).split(',').map((v) => v.trim()).filter(Boolean);
      else out[key] = String(raw).trim();
    }
    return out;
  }

  private showError(err: unknown) {
    const fields = err instanceof ApiError ? fieldMessages(err.details, 'config') : new Map<string, FieldMessage>();
    this.fieldErrors = fields;
    this.error = fields.size ? 'Check the settings marked below.' : (err as Error).message;
    if (fields.size) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  private reset() {
    this.error = undefined;
    this.message = undefined;
    this.test = undefined;
    this.fieldErrors = new Map();
  }

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement; // read before any await: the event's target is cleared after dispatch
    const settings = this.collect(form);
    this.reset();
    this.busy = 'save';
    try {
      const r = await api<{ state: string; reason: string | null; settings: Record<string, unknown>; version?: string }>(`/api/admin/plugins/${this.plugin}/settings`, { method: 'PUT', json: { settings, version: this.version } });
      this.settings = r.settings;
      this.version = r.version;
      // Secrets are write-only: clear them from the form once sent.
      form.querySelectorAll<HTMLInputElement>('input[type=password]').forEach((input) => (input.value = ''));
      this.message = r.reason ? `Saved, but the plugin is ${r.state}: ${r.reason}` : `Saved; the plugin is ${r.state}.`;
    } catch (err) {
      this.showError(err);
    } finally {
      this.busy = undefined;
    }
  }

  private async runTest() {
    const form = this.renderRoot.querySelector('form')!;
    const settings = this.collect(form);
    this.reset();
    this.busy = 'test';
    try {
      this.test = await api<TestResult>(`/api/admin/plugins/${this.plugin}/settings/test`, { method: 'POST', json: { settings } });
    } catch (err) {
      this.showError(err);
    } finally {
      this.busy = undefined;
    }
  }

  private field(key: string, prop: Schema) {
    const type = Array.isArray(prop.type) ? prop.type[0] : prop.type;
    const value = this.settings[key];
    const label = prop.title ?? humanise(key);
    const problem = this.fieldErrors.get(key);
    const hintId = `hint-${key}`;
    const errorId = `error-${key}`;
    const describedBy = [prop.description ? hintId : '', problem ? errorId : ''].filter(Boolean).join(' ') || undefined;
    const hint = prop.description ? html`<span class="hint muted" id=${hintId}>${prop.description}</span>` : '';
    const error = problem ? html`<span class="field-error" id=${errorId}>${problem.message}</span>` : '';
    const invalid = problem ? 'true' : 'false';
    const required = this.schema?.required?.includes(key) && prop.default === undefined ? html` <span class="required">(required)</span>` : '';
    if (prop['x-secret']) {
      return html`<label>${label}${required}
        <input name=${key} type="password" autocomplete="off" aria-invalid=${invalid} aria-describedby=${ifDefined(describedBy)} placeholder=${value ? 'set — leave empty to keep' : 'not set'} />${hint}${error}</label>`;
    }
    if (prop.enum) {
      return html`<label>${label}${required}
        <select name=${key} aria-invalid=${invalid} aria-describedby=${ifDefined(describedBy)}>${prop.enum.map((v) => html`<option ?selected=${v === (value ?? prop.default)}>${String(v)}</option>`)}</select>${hint}${error}</label>`;
    }
    if (type === 'boolean') {
      return html`<div><label class="check"><input type="checkbox" name=${key} .checked=${Boolean(value ?? prop.default)} aria-describedby=${ifDefined(describedBy)} /> ${label}</label>${hint}${error}</div>`;
    }
    const shown = Array.isArray(value) ? value.join(', ') : typeof value === 'object' && value ? JSON.stringify(value) : (value ?? '');
    return html`<label>${label}${required}
      <input name=${key} .value=${String(shown)} aria-invalid=${invalid} aria-describedby=${ifDefined(describedBy)}
        placeholder=${prop.default !== undefined ? `default: ${String(prop.default)}` : ''}
        inputmode=${type === 'integer' || type === 'number' ? 'decimal' : 'text'} />${hint}${error}</label>`;
  }

  render() {
    if (this.schema === undefined && !this.error) return html`<div role="region" aria-busy="true" aria-label="Settings, loading"><mn-skeleton lines="3"></mn-skeleton></div>`;
    if (this.schema === undefined) return html`<p class="error" role="alert">${this.error}</p>`;
    if (this.schema === null || !this.schema.properties) return html`${this.piece ?? ''}<p class="muted">This plugin has no settings.</p>`;
    return html`${this.piece ?? ''}<form @submit=${this.save} novalidate>
      ${Object.entries(this.schema.properties).filter(([, p]) => !p['x-hidden']).map(([k, p]) => this.field(k, p))}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${this.message ? html`<p class="ok" role="status">${this.message}</p>` : ''}
      ${this.test
        ? html`<p class="result ${this.test.ok ? 'ok' : 'error'}" role="status" data-test-result=${this.test.ok ? 'ok' : 'failed'}>
            ${this.test.ok ? '✓ ' : '✗ '}${this.test.message}${this.test.detail ? html`<span class="detail">${this.test.detail}</span>` : ''}
          </p>`
        : ''}
      <div class="row">
        <button class="primary" ?disabled=${this.busy !== undefined}>${this.busy === 'save' ? 'Saving…' : 'Save settings'}</button>
        ${this.testable
          ? html`<button type="button" @click=${this.runTest} ?disabled=${this.busy !== undefined}>${this.busy === 'test' ? 'Testing…' : 'Test connection'}</button>`
          : ''}
      </div>
    </form>`;
  }
}
customElements.define('mn-plugin-settings', MnPluginSettings);
