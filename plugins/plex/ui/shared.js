// Styles and small pieces the Plex plugin's components share. Plain JS: `lit` and
// `@medianest/sdk/browser` come from the portal's import map.
import { css, html, nothing } from 'lit';

export const base = css`
  :host { display: block; --ok: var(--mn-ok, #1a7f37); --warn: var(--mn-warn, #9a6700); --bad: var(--mn-bad, #cf222e); }
  p { margin: 0.4rem 0; }
  a { color: var(--mn-accent, #2f6feb); }
  .muted { color: var(--mn-muted, #5b6678); font-size: 0.85rem; }
  .notice { border-left: 4px solid var(--warn); padding: 0.25rem 0.75rem; margin: 0 0 0.75rem; overflow-wrap: anywhere; }
  .notice .muted { display: block; }
  .tag { display: inline-flex; align-items: center; gap: 0.3em; font-size: 0.75rem; font-weight: 600; padding: 0.05em 0.5em; border-radius: 999px; border: 1px solid currentColor; white-space: nowrap; }
  .tag.dot::before { content: ''; width: 0.5em; height: 0.5em; border-radius: 50%; background: currentColor; }
  .tag.ok { color: var(--ok); } .tag.warn { color: var(--warn); } .tag.idle { color: var(--mn-muted, #5b6678); }
  .posters { display: grid; grid-template-columns: repeat(auto-fill, minmax(7rem, 1fr)); gap: 0.75rem; list-style: none; margin: 0; padding: 0; }
  .posters li { min-width: 0; }
  .posters a.item { display: grid; gap: 0.25rem; text-decoration: none; color: inherit; }
  .poster { width: 100%; height: auto; aspect-ratio: 2 / 3; object-fit: cover; border-radius: 6px; background: var(--mn-border, #dde3ec); display: block; }
  .title { font-weight: 600; font-size: 0.85rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .sub { font-size: 0.8rem; color: var(--mn-muted, #5b6678); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .bar { height: 4px; border-radius: 2px; background: var(--mn-border, #dde3ec); overflow: hidden; }
  .bar > span { display: block; height: 100%; background: var(--mn-accent, #2f6feb); }
  h3 { font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--mn-muted, #5b6678); margin: 1rem 0 0.5rem; }
  h3:first-child { margin-top: 0; }
`;

/** A poster tile that opens the item in Plex (app.plex.tv, or the server's web app). */
export function tile(item, { progress = true } = {}) {
  const href = item.links?.app ?? item.links?.web ?? null;
  const body = html`
    ${item.poster ? html`<img class="poster" src=${item.poster} alt="" loading="lazy" width="160" height="240" />` : html`<div class="poster" role="presentation"></div>`}
    <span class="title" title=${item.title}>${item.title}</span>
    ${item.subtitle ? html`<span class="sub">${item.subtitle}</span>` : nothing}
    ${progress && item.progress ? html`<div class="bar" role="progressbar" aria-label="Watched" aria-valuenow=${Math.round(item.progress)} aria-valuemin="0" aria-valuemax="100"><span style="width:${item.progress}%"></span></div>` : nothing}`;
  return html`<li>${href ? html`<a class="item" href=${href} target="_blank" rel="noopener" aria-label=${`${item.title}${item.subtitle ? `, ${item.subtitle}` : ''}: open in Plex`}>${body}</a>` : html`<div class="item">${body}</div>`}</li>`;
}

/** A problem as the page shows it: the words, and for admins the cause. */
export function problem(p) {
  if (!p) return nothing;
  return html`<p class="notice" role="status">${p.message}${p.detail ? html`<span class="muted">${p.detail}</span>` : nothing}</p>`;
}

export const minutes = (ms) => {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
};
