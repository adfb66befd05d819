// <mn-overseerr-people>: who acts as which Overseerr user. Linked automatically by Plex account or
// email when possible; otherwise the admin picks here (a same-named Overseerr user is suggested).
import { LitElement, css, html, nothing } from 'lit';
import { api } from '@medianest/sdk/browser';
import { shared } from './styles.js';

const HOW = { plex: 'by Plex account', email: 'by email', admin: 'by an admin' };

export class OverseerrPeople extends LitElement {
  static properties = { data: { state: true }, error: { state: true }, said: { state: true } };

  static styles = [
    shared,
    css`
      table { border-collapse: collapse; width: 100%; table-layout: fixed; }
      col.person { width: 28%; } col.link { width: 47%; } col.how { width: 25%; }
      td { overflow-wrap: anywhere; }
      th, td { text-align: left; padding: 0.4rem 0.5rem 0.4rem 0; border-top: 1px solid var(--mn-border, #dde3ec); vertical-align: middle; }
      th { font-size: 0.85rem; color: var(--mn-muted, #5b6678); font-weight: 600; }
      select { width: 100%; }
      .mark { color: var(--warn); }
    `,
  ];

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      this.data = await api('/api/plugins/overseerr/people');
      this.error = undefined;
    } catch (err) {
      this.error = err.message;
    }
  }

  async link(person, value) {
    const overseerrUserId = value === '' ? null : Number(value);
    try {
      await api(`/api/plugins/overseerr/people/${encodeURIComponent(person.userId)}`, { method: 'PUT', json: { overseerrUserId } });
      const who = this.data.overseerrUsers.find((u) => u.id === overseerrUserId);
      this.said = who ? `${person.name} now requests as ${who.name}` : `${person.name} is not linked`;
      await this.load();
    } catch (err) {
      this.error = err.message;
    }
  }

  render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    if (!this.data) return html`<mn-skeleton kind="rows" lines="3"></mn-skeleton>`;
    if (!this.data.people.length) return html`<p class="muted" data-empty="people">Nobody has opened Requests yet. People appear here after their first visit.</p>`;
    return html`
      ${this.said ? html`<p class="done" role="status">${this.said}</p>` : nothing}
      <table>
        <colgroup><col class="person" /><col class="link" /><col class="how" /></colgroup>
        <thead><tr><th scope="col">Person</th><th scope="col">Overseerr user</th><th scope="col">Linked</th></tr></thead>
        <tbody>
          ${this.data.people.map((p) => {
            const id = `link-${p.userId}`;
            return html`<tr data-person=${p.userId}>
              <td><label for=${id}>${p.name}</label></td>
              <td>
                <select id=${id} @change=${(e) => this.link(p, e.target.value)}>
                  <option value="" ?selected=${p.overseerrUserId === null}>Not linked</option>
                  ${this.data.overseerrUsers.map((u) => html`<option value=${u.id} ?selected=${p.overseerrUserId === u.id}>${u.name}${u.email ? ` (${u.email})` : ''}${p.suggestion === u.id ? ' — suggested' : ''}</option>`)}
                </select>
              </td>
              <td class="small">${p.overseerrUserId !== null ? HOW[p.linkedBy] ?? '' : html`<span class="mark" aria-hidden="true">●</span> not linked`}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    `;
  }
}
customElements.define('mn-overseerr-people', OverseerrPeople);
