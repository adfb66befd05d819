// Styles shared by the plugin's elements; colours come from the portal's --mn-* variables.
import { css } from 'lit';

export const shared = css`
  :host { display: block; box-sizing: border-box; --ok: var(--mn-ok, #1a7f37); --warn: var(--mn-warn, #9a6700); --bad: var(--mn-bad, #cf222e); --accent: var(--mn-accent, #2f6feb); --idle: var(--mn-idle, #6e7781); }
  *, *::before, *::after { box-sizing: inherit; }
  p { margin: 0.4rem 0; }
  a { color: var(--accent); }
  .muted { color: var(--mn-muted, #5b6678); }
  .small { font-size: 0.85rem; }
  .pill { display: inline-flex; align-items: center; gap: 0.35em; font-size: 0.8rem; font-weight: 600; padding: 0.05em 0.55em; border-radius: 999px; border: 1px solid currentColor; white-space: nowrap; }
  .pill::before { content: ''; width: 0.55em; height: 0.55em; border-radius: 50%; background: currentColor; }
  .ok { color: var(--ok); } .warn { color: var(--warn); } .bad { color: var(--bad); } .accent { color: var(--accent); } .idle { color: var(--idle); }
  button { font: inherit; border-radius: 6px; border: 1px solid var(--mn-border, #dde3ec); background: var(--mn-surface, #fff); color: var(--mn-text, #1c2330); padding: 0.35rem 0.8rem; cursor: pointer; min-height: 2.25rem; }
  button.primary { background: var(--accent); border-color: var(--accent); color: var(--mn-surface, #fff); font-weight: 600; }
  button:disabled { opacity: 0.6; cursor: progress; }
  button:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
  input[type='search'], select { font: inherit; padding: 0.4rem 0.6rem; border-radius: 6px; border: 1px solid var(--mn-border, #dde3ec); background: var(--mn-surface, #fff); color: var(--mn-text, #1c2330); min-height: 2.25rem; }
  .notice { border-left: 4px solid var(--warn); padding: 0.25rem 0.75rem; margin: 0.5rem 0; overflow-wrap: anywhere; }
  .error { border-left: 4px solid var(--bad); padding: 0.25rem 0.75rem; margin: 0.5rem 0; overflow-wrap: anywhere; }
  .done { border-left: 4px solid var(--ok); padding: 0.25rem 0.75rem; margin: 0.5rem 0; }
  ul { list-style: none; margin: 0; padding: 0; }
  img.poster { width: 100%; aspect-ratio: 2 / 3; object-fit: cover; border-radius: 6px; background: var(--mn-border, #dde3ec); display: block; }
  .noposter { width: 100%; aspect-ratio: 2 / 3; border-radius: 6px; background: var(--mn-border, #dde3ec); display: grid; place-items: center; color: var(--mn-muted, #5b6678); font-size: 0.8rem; text-align: center; padding: 0.25rem; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
