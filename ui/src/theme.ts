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
  /* Keyboard focus is always visible. */
  :focus-visible { outline: 3px solid var(--mn-focus); outline-offset: 2px; border-radius: 4px; }
  /* An empty list: what is (not) here, then what to do next. */
  .empty { text-align: center; padding: 1.5rem 1rem; }
  .empty p { margin: 0.25rem 0; }
  .empty .next { margin-top: 0.6rem; }
  a.action { display: inline-block; padding: 0.4rem 0.8rem; border-radius: 6px; background: var(--mn-accent); color: var(--mn-on-accent); font-weight: 600; text-decoration: none; }
`;
