import { LitElement, css, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { fetchManifest, type WidgetEntry } from '../manifest.ts';
import { shared } from '../theme.ts';
import { LiveReload } from '../live-reload.ts';
import './mn-widget-card.ts';

/** The dashboard grid: every widget of every running plugin, updated live as plugins start and stop. */
export class MnDashboard extends LitElement {
  static properties = { widgets: { state: true }, error: { state: true } };
  declare widgets: WidgetEntry[] | undefined;
  declare error: string | undefined;
  private readonly reload = new LiveReload(this, 'core.plugins.changed', () => void this.load());

  static styles = [
    shared,
    css`
      :host { display: block; }
      .grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr)); }
      .wide { grid-column: span 2; }
      @media (max-width: 40rem) { .wide { grid-column: auto; } }
      .error { color: var(--mn-bad); }
    `,
  ];


  private async load() {
    try {
      const manifest = await fetchManifest();
      this.widgets = manifest.widgets.filter((w) => w.slot === 'dashboard');
      this.error = undefined;
    } catch (err) {
      this.error = `The dashboard could not be loaded: ${(err as Error).message}`;
    }
  }

  render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    if (!this.widgets) return html`<p class="muted">Loading…</p>`;
    if (this.widgets.length === 0) return html`<p class="muted">No widgets yet: an admin enables plugins in plugins.json.</p>`;
    return html`<div class="grid">
      ${repeat(
        this.widgets,
        (w) => `${w.plugin}/${w.tag}/${w.module}`,
        (w) => html`<mn-widget-card class=${w.size.w >= 8 ? 'wide' : ''} .widget=${w}></mn-widget-card>`,
      )}
    </div>`;
  }
}
customElements.define('mn-dashboard', MnDashboard);
