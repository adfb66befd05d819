// <mn-links-manage>: the admin's page for the app tiles: add, change, remove, import from Homepage.
import { LitElement, html, css, nothing } from 'lit';
import { api } from '@medianest/sdk/browser';
import { avatarColour, initial, DOT_WORDS } from './avatar.js';

const EMPTY = { name: '', url: '', group: '', description: '', icon: { kind: 'letter', value: '' }, audience: 'all', people: [], newTab: true, check: { kind: 'http', target: '' } };

/** Reads a File as base64 (no data: prefix). */
const base64Of = (file) => new Promise((resolve, reject) => {
  const reader = new FileReader();
  reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
  reader.onerror = () => reject(new Error('The file could not be read'));
  reader.readAsDataURL(file);
});

export class LinksManage extends LitElement {
  static properties = {
    tiles: { state: true }, users: { state: true }, draft: { state: true }, editing: { state: true }, errors: { state: true },
    message: { state: true }, icons: { state: true }, importText: { state: true }, importResult: { state: true }, busy: { state: true },
  };

  static styles = css`
    :host { display: block; }
    .card { background: var(--mn-surface, #fff); border: 1px solid var(--mn-border, #dde3ec); border-radius: var(--mn-radius, 10px); padding: 1rem; margin-bottom: 1rem; }
    h2 { font-size: 1rem; margin: 0 0 0.75rem; }
    form { display: grid; gap: 0.75rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr)); align-items: start; }
    .wide { grid-column: 1 / -1; }
    label, fieldset { display: grid; gap: 0.25rem; font-size: 0.85rem; }
    fieldset { min-width: 0; border: 1px solid var(--mn-border, #dde3ec); border-radius: 6px; padding: 0.5rem 0.75rem; margin: 0; }
    legend { padding: 0 0.25rem; }
    .row { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
    .row label { display: inline-flex; gap: 0.35rem; align-items: center; }
    input, select, textarea { font: inherit; padding: 0.4rem 0.5rem; border: 1px solid var(--mn-border, #dde3ec); border-radius: 6px; background: var(--mn-bg, #f4f6fa); color: var(--mn-text, #1c2330); min-width: 0; }
    input[type='checkbox'], input[type='radio'] { padding: 0; }
    input[type='file'] { max-width: 100%; }
    textarea { width: 100%; min-height: 10rem; font-family: ui-monospace, monospace; font-size: 0.85rem; }
    button { font: inherit; font-size: 0.9rem; padding: 0.4rem 0.75rem; border-radius: 6px; border: 1px solid var(--mn-border, #dde3ec); background: var(--mn-bg, #f4f6fa); color: var(--mn-text, #1c2330); cursor: pointer; }
    button.primary { background: var(--mn-accent, #2f6feb); border-color: var(--mn-accent, #2f6feb); color: #fff; font-weight: 600; }
    button.danger { color: var(--mn-bad, #cf222e); border-color: var(--mn-bad, #cf222e); }
    .field-error, .error { color: var(--mn-bad, #cf222e); margin: 0; font-size: 0.85rem; }
    .ok { color: var(--mn-ok, #1a7f37); margin: 0; }
    .muted { color: var(--mn-muted, #5b6678); }
    .gap-top { margin-top: 0.5rem; }
    .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    .picks { display: flex; flex-wrap: wrap; gap: 0.35rem; }
    .picks button { display: inline-flex; align-items: center; gap: 0.35rem; font-size: 0.8rem; }
    .picks button[aria-pressed='true'] { border-color: var(--mn-accent, #2f6feb); font-weight: 600; }
    .icon { width: 1.75rem; height: 1.75rem; border-radius: 6px; display: inline-grid; place-items: center; background: #fff; overflow: hidden; flex: none; }
    .icon img { width: 1.25rem; height: 1.25rem; object-fit: contain; }
    .icon.letter[data-colour='0'] { background: #2f6feb; } .icon.letter[data-colour='1'] { background: #1a7f37; } .icon.letter[data-colour='2'] { background: #8250df; } .icon.letter[data-colour='3'] { background: #bf3989; }
    .icon.letter[data-colour='4'] { background: #0a7d8c; } .icon.letter[data-colour='5'] { background: #9a6700; } .icon.letter[data-colour='6'] { background: #cf222e; } .icon.letter[data-colour='7'] { background: #57606a; }
    .icon.letter { color: #fff; font-weight: 700; }
    table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
    th, td { text-align: left; padding: 0.4rem 0.5rem 0.4rem 0; border-top: 1px solid var(--mn-border, #dde3ec); vertical-align: middle; overflow-wrap: anywhere; }
    td.actions { white-space: nowrap; text-align: right; }
    .state { font-weight: 600; } .state.up { color: var(--mn-ok); } .state.down { color: var(--mn-bad); } .state.slow { color: var(--mn-warn); } .state.unknown { color: var(--mn-idle); }
    @media (max-width: 40rem) { .hide-phone { display: none; } td.actions { white-space: normal; } td.actions button { margin: 0.15rem 0; } }
  `;

  constructor() {
    super();
    this.draft = structuredClone(EMPTY);
    this.errors = {};
    this.icons = [];
    this.importText = '';
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
    api('/api/admin/users').then(({ users }) => (this.users = users), () => (this.users = []));
  }

  async load() {
    try {
      this.tiles = (await api('/api/plugins/links/admin/tiles')).tiles;
    } catch (err) {
      this.message = { error: true, text: `The tiles could not be loaded: ${err.message}` };
    }
  }

  set(path, value) {
    const draft = structuredClone(this.draft);
    const [a, b] = path.split('.');
    if (b) draft[a][b] = value; else draft[a] = value;
    this.draft = draft;
    this.errors = { ...this.errors, [a]: undefined };
  }

  fieldErrors(err) {
    const errors = {};
    for (const d of Array.isArray(err.details) ? err.details : []) {
      const field = String(d.field ?? '').replace(/^body\./, '').split('.')[0];
      if (field && !errors[field]) errors[field] = d.message;
    }
    if (Object.keys(errors).length === 0) errors.form = err.message;
    return errors;
  }

  async save(e) {
    e.preventDefault();
    this.busy = 'save';
    try {
      const path = this.editing ? `/api/plugins/links/tiles/${this.editing}` : '/api/plugins/links/tiles';
      const tile = await api(path, { method: this.editing ? 'PUT' : 'POST', json: this.draft });
      this.message = { text: `${this.editing ? 'Saved' : 'Added'} “${tile.name}”.` };
      this.draft = structuredClone(EMPTY);
      this.editing = undefined;
      this.errors = {};
      this.icons = [];
      await this.load();
    } catch (err) {
      this.errors = this.fieldErrors(err);
    } finally {
      this.busy = undefined;
    }
  }

  edit(t) {
    this.editing = t.id;
    this.brandPicked = true;
    this.draft = { name: t.name, url: t.url, group: t.group, description: t.description, icon: { ...t.icon }, audience: t.audience, people: [...t.people], newTab: t.newTab, check: { ...t.check } };
    this.errors = {};
    this.renderRoot.querySelector('#name')?.focus();
  }

  async remove(t) {
    if (!confirm(`Remove the tile “${t.name}”? People will no longer see it.`)) return;
    try {
      await api(`/api/plugins/links/tiles/${t.id}`, { method: 'DELETE' });
      this.message = { text: `Removed “${t.name}”.` };
      await this.load();
    } catch (err) {
      this.message = { error: true, text: err.message };
    }
  }

  async findIcons(q) {
    this.set('icon', { kind: 'brand', value: q });
    this.brandPicked = false;
    clearTimeout(this.iconTimer);
    if (!q.trim()) { this.icons = []; return; }
    this.iconTimer = setTimeout(async () => {
      try { this.icons = (await api(`/api/plugins/links/icons?q=${encodeURIComponent(q)}`)).icons; } catch { this.icons = []; }
    }, 150);
  }

  async upload(e) {
    const file = e.target.files?.[0];
    if (!file) return;
    try {
      const image = await api('/api/plugins/links/images', { method: 'POST', json: { data: await base64Of(file) } });
      this.set('icon', { kind: 'image', value: image.id });
    } catch (err) {
      this.errors = { ...this.errors, icon: err.details?.[0]?.message ?? err.message };
    }
  }

  async importYaml(dryRun) {
    this.busy = 'import';
    try {
      this.importResult = { dryRun, ...(await api('/api/plugins/links/import', { method: 'POST', json: { yaml: this.importText, dryRun } })) };
      if (!dryRun) { this.importText = ''; await this.load(); }
    } catch (err) {
      this.importResult = { error: err.details?.[0]?.message ?? err.message };
    } finally {
      this.busy = undefined;
    }
  }

  async importFile(e) {
    const file = e.target.files?.[0];
    if (file) this.importText = await file.text();
  }

  iconPreview(t) {
    const url = t.iconUrl ?? (t.icon.kind === 'brand' && t.icon.value && (t.id || this.brandPicked) ? `/api/plugins/links/icons/${t.icon.value}.svg` : t.icon.kind === 'image' && t.icon.value ? `/api/plugins/links/images/${t.icon.value}` : null);
    return url ? html`<span class="icon"><img src=${url} alt=""></span>` : html`<span class="icon letter" data-colour=${avatarColour(t.name || '?')}>${initial(t.name || '?')}</span>`;
  }

  err(field) {
    return this.errors[field] ? html`<p class="field-error" id="${field}-error">${this.errors[field]}</p>` : nothing;
  }

  form() {
    const d = this.draft;
    const describedBy = (f) => (this.errors[f] ? `${f}-error` : nothing);
    return html`<form @submit=${this.save} novalidate aria-label=${this.editing ? 'Change tile' : 'Add a tile'}>
      <label>Name<input id="name" name="name" .value=${d.name} @input=${(e) => this.set('name', e.target.value)} aria-invalid=${this.errors.name ? 'true' : 'false'} aria-describedby=${describedBy('name')} required maxlength="80">${this.err('name')}</label>
      <label>Address<input name="url" type="url" placeholder="http://192.168.1.5:8123" .value=${d.url} @input=${(e) => this.set('url', e.target.value)} aria-invalid=${this.errors.url ? 'true' : 'false'} aria-describedby=${describedBy('url')} required>${this.err('url')}</label>
      <label>Group<input name="group" placeholder="Media" list="links-groups" .value=${d.group} @input=${(e) => this.set('group', e.target.value)}>
        <datalist id="links-groups">${[...new Set((this.tiles ?? []).map((t) => t.group).filter(Boolean))].map((g) => html`<option value=${g}></option>`)}</datalist></label>
      <label>Description<input name="description" .value=${d.description} @input=${(e) => this.set('description', e.target.value)} maxlength="300"></label>
      <fieldset class="wide"><legend>Icon</legend>
        <div class="row">
          ${this.iconPreview({ ...d, iconUrl: null })}
          <label>Brand name<input name="brand" placeholder="Plex, Jellyfin, Home Assistant…" .value=${d.icon.kind === 'brand' ? d.icon.value : ''} @input=${(e) => this.findIcons(e.target.value)} aria-describedby=${describedBy('icon')}></label>
          <label>or an image (PNG, JPEG, GIF, WebP, ICO; at most 256 KB)<input name="image" type="file" accept="image/png,image/jpeg,image/gif,image/webp,image/x-icon" @change=${this.upload}></label>
          <button type="button" @click=${() => { this.set('icon', { kind: 'letter', value: '' }); this.icons = []; }} aria-pressed=${d.icon.kind === 'letter' ? 'true' : 'false'}>Use the first letter</button>
        </div>
        ${this.icons.length ? html`<div class="picks" role="group" aria-label="Matching brand icons">${this.icons.map((i) => html`<button type="button" aria-pressed=${d.icon.value === i.slug ? 'true' : 'false'} @click=${() => { this.set('icon', { kind: 'brand', value: i.slug }); this.brandPicked = true; this.icons = []; }}><span class="icon"><img src="/api/plugins/links/icons/${i.slug}.svg" alt=""></span>${i.title}</button>`)}</div>` : nothing}
        ${this.err('icon')}
      </fieldset>
      <fieldset><legend>Who sees it</legend>
        <div class="row">
          ${[['all', 'Everyone'], ['admins', 'Admins'], ['people', 'Chosen people']].map(([v, label]) => html`<label><input type="radio" name="audience" value=${v} .checked=${d.audience === v} @change=${() => this.set('audience', v)}>${label}</label>`)}
        </div>
        ${d.audience === 'people' ? html`<div class="row" role="group" aria-label="People who see it">${(this.users ?? []).map((u) => html`<label><input type="checkbox" .checked=${d.people.includes(u.id)} @change=${(e) => this.set('people', e.target.checked ? [...d.people, u.id] : d.people.filter((p) => p !== u.id))}>${u.name}</label>`)}</div>` : nothing}
        ${this.err('people')}
      </fieldset>
      <fieldset><legend>Status dot</legend>
        <label>Check<select name="check" .value=${d.check.kind} @change=${(e) => this.set('check.kind', e.target.value)}>
          <option value="http">Open the address (HTTP)</option><option value="tcp">Connect to a port (TCP)</option><option value="kuma">Uptime Kuma monitor</option><option value="none">No dot</option>
        </select></label>
        ${d.check.kind === 'none' ? nothing : html`<label>${d.check.kind === 'http' ? 'Address to check (empty: the tile\'s address)' : d.check.kind === 'tcp' ? 'Host and port, e.g. 192.168.1.5:32400' : 'Monitor name in Uptime Kuma'}
          <input name="checkTarget" .value=${d.check.target} @input=${(e) => this.set('check.target', e.target.value)} aria-describedby=${describedBy('check')}></label>`}
        ${this.err('check')}
      </fieldset>
      <div class="wide row">
        <label><input type="checkbox" name="newTab" .checked=${d.newTab} @change=${(e) => this.set('newTab', e.target.checked)}>Open in a new tab</label>
        <button class="primary" type="submit" ?disabled=${this.busy === 'save'}>${this.editing ? 'Save tile' : 'Add tile'}</button>
        ${this.editing ? html`<button type="button" @click=${() => { this.editing = undefined; this.draft = structuredClone(EMPTY); this.errors = {}; }}>Cancel</button>` : nothing}
        ${this.errors.form ? html`<p class="error" role="alert">${this.errors.form}</p>` : nothing}
      </div>
    </form>`;
  }

  list() {
    if (!this.tiles) return html`<mn-skeleton kind="rows" lines="4"></mn-skeleton>`;
    if (!this.tiles.length) return html`<p class="muted">No tiles yet: add one above, or import Homepage's services.yaml below.</p>`;
    return html`<table><thead><tr><th scope="col" class="hide-phone"><span class="sr-only">Icon</span></th><th scope="col">Name</th><th scope="col" class="hide-phone">Group</th><th scope="col">Dot</th><th scope="col" class="hide-phone">Who sees it</th><th scope="col"><span class="muted">Actions</span></th></tr></thead>
      <tbody>${this.tiles.map((t) => html`<tr data-tile=${t.id}>
        <td class="hide-phone">${this.iconPreview(t)}</td>
        <td><strong>${t.name}</strong><br><span class="muted">${t.url}</span></td>
        <td class="hide-phone">${t.group || html`<span class="muted">—</span>`}</td>
        <td><span class="state ${t.status.state}">${DOT_WORDS[t.status.state]}</span>${t.status.reason ? html`<br><span class="muted">${t.status.reason}</span>` : nothing}</td>
        <td class="hide-phone">${t.audience === 'all' ? 'Everyone' : t.audience === 'admins' ? 'Admins' : `${t.people.length} ${t.people.length === 1 ? 'person' : 'people'}`}</td>
        <td class="actions"><button @click=${() => this.edit(t)} aria-label="Change ${t.name}">Change</button> <button class="danger" @click=${() => this.remove(t)} aria-label="Remove ${t.name}">Remove</button></td>
      </tr>`)}</tbody></table>`;
  }

  importCard() {
    const r = this.importResult;
    return html`<section class="card" aria-labelledby="import-title"><h2 id="import-title">Import from Homepage</h2>
      <p class="muted">Paste Homepage's <code>services.yaml</code> or choose the file: groups, names, addresses, icons and site monitors come across.</p>
      <label>services.yaml<textarea name="yaml" .value=${this.importText} @input=${(e) => (this.importText = e.target.value)} aria-describedby=${r?.error ? 'import-error' : nothing}></textarea></label>
      <div class="row gap-top">
        <label>Or choose the file<input type="file" name="yamlFile" accept=".yaml,.yml,text/yaml" @change=${this.importFile}></label>
        <button type="button" @click=${() => this.importYaml(true)} ?disabled=${!this.importText || this.busy === 'import'}>Preview</button>
        <button type="button" class="primary" @click=${() => this.importYaml(false)} ?disabled=${!this.importText || this.busy === 'import'}>Import</button>
      </div>
      ${r?.error ? html`<p class="error" id="import-error" role="alert">${r.error}</p>` : nothing}
      ${r && !r.error ? html`<div role="status">
        <p class="ok">${r.dryRun ? `${r.tiles.length} tiles would come across.` : `Imported ${r.added} ${r.added === 1 ? 'tile' : 'tiles'}.`}</p>
        ${r.dryRun ? html`<ul>${r.tiles.map((t) => html`<li>${t.group ? `${t.group} · ` : ''}${t.name} <span class="muted">${t.url}</span></li>`)}</ul>` : nothing}
        ${r.notes.length ? html`<ul class="muted">${r.notes.map((n) => html`<li>${n}</li>`)}</ul>` : nothing}
      </div>` : nothing}
    </section>`;
  }

  render() {
    return html`
      ${this.message ? html`<p class=${this.message.error ? 'error' : 'ok'} role="status">${this.message.text}</p>` : nothing}
      <section class="card" aria-labelledby="form-title"><h2 id="form-title">${this.editing ? 'Change tile' : 'Add a tile'}</h2>${this.form()}</section>
      <section class="card" aria-labelledby="list-title"><h2 id="list-title">Tiles</h2>${this.list()}</section>
      ${this.importCard()}
    `;
  }
}
customElements.define('mn-links-manage', LinksManage);
