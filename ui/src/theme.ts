import { css } from 'lit';

/** Styles shared by the shell's components: cards, buttons, muted text. Colours come from page.css. */
export const shared = css`
  :host { box-sizing: border-box; }
  *, *::before, *::after { box-sizing: inherit; }
  .card {
    background: var(--mn-surface);
    border: 1px solid var(--mn-border);
    border-radius: var(--mn-radius);
    padding: 1rem;
    min-width: 0;
  }
  .muted { color: var(--mn-muted); }
  h2 { font-size: 1rem; margin: 0 0 0.75rem; }
  a { color: var(--mn-accent); }
`;
