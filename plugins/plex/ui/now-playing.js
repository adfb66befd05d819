// <mn-plex-now-playing>: who is watching what on Plex, live. Admins (or everyone, when the admin
// allows it) see every stream; others see their own.
import { LitElement, html, css, nothing } from 'lit';
import { api, live } from '@medianest/sdk/browser';
import { base, minutes, problem } from './shared.js';

export class PlexNowPlaying extends LitElement {
  static properties = { view: { state: true }, error: { state: true } };

  static styles = [base, css`
    ul.streams { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
    li.stream { display: grid; grid-template-columns: 3.5rem 1fr; gap: 0.75rem; align-items: start; }
    li.stream .poster { width: 3.5rem; height: auto; }
    .line { display: flex; flex-wrap: wrap; gap: 0.35rem 0.6rem; align-items: center; }
    .who { font-weight: 600; }
    .figures { font-size: 0.8rem; color: var(--mn-muted, #5b6678); font-variant-numeric: tabular-nums; }
    .bar { margin: 0.35rem 0 0.2rem; }
    a.what { font-weight: 600; color: inherit; }
  `];

  connectedCallback() {
    super.connectedCallback();
    void this.load();
    this.off = live('plex.now-playing', () => void this.load());
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.off?.();
  }

  async load() {
    try {
      this.view = await api('/api/plugins/plex/now-playing');
      this.error = undefined;
    } catch (err) {
      this.error = err.message;
    }
  }

  stream(s) {
    const href = s.item.links?.app ?? s.item.links?.web;
    const what = html`${s.item.title}${s.item.subtitle ? html` <span class="sub">${s.item.subtitle}</span>` : nothing}`;
    const state = s.state === 'paused' ? html`<span class="tag idle dot">paused</span>` : s.state === 'buffering' ? html`<span class="tag warn dot">buffering</span>` : html`<span class="tag ok dot">playing</span>`;
    const decision = s.decision === 'transcode' ? html`<span class="tag warn" title=${s.reason ?? ''}>transcode${s.reason ? `: ${s.reason}` : ''}</span>` : html`<span class="tag ok">${s.decision}</span>`;
    return html`<li class="stream">
      ${s.item.poster ? html`<img class="poster" src=${s.item.poster} alt="" width="56" height="84" />` : html`<div class="poster" role="presentation"></div>`}
      <div>
        <div class="line">${this.view.everyone ? html`<span class="who">${s.user.name}</span>` : nothing} ${href ? html`<a class="what" href=${href} target="_blank" rel="noopener">${what}</a>` : html`<span class="what">${what}</span>`}</div>
        <div class="bar" role="progressbar" aria-label=${`Progress of ${s.item.title}`} aria-valuenow=${Math.round(s.progress)} aria-valuemin="0" aria-valuemax="100"><span style="width:${s.progress}%"></span></div>
        <div class="line">${state} ${decision}
          <span class="figures">${minutes(s.positionMs)} / ${minutes(s.durationMs)}${s.bandwidthKbps ? ` · ${(s.bandwidthKbps / 1000).toFixed(1)} Mbit/s` : ''} · ${s.player}</span></div>
      </div>
    </li>`;
  }

  render() {
    if (this.error) return html`<p class="notice" role="status">Plex isn't available right now</p>`;
    const v = this.view;
    if (!v) return html`<mn-skeleton lines="3"></mn-skeleton>`;
    const how = v.mode === 'live' ? 'live' : 'updated every few seconds';
    return html`${problem(v.problem)}
      ${v.streams.length ? html`<ul class="streams">${v.streams.map((s) => this.stream(s))}</ul>`
        : v.problem ? nothing : html`<p class="muted">${v.everyone ? 'Nothing is playing on Plex right now.' : 'You are not watching anything on Plex right now.'}</p>`}
      ${v.problem ? nothing : html`<p class="muted">${v.everyone ? "Everyone's streams" : 'Your streams'} · ${how}</p>`}`;
  }
}
customElements.define('mn-plex-now-playing', PlexNowPlaying);
