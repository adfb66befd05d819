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
  .skeleton { background: linear-gradient(90deg, var(--mn-border), var(--mn-surface), var(--mn-border)); background-size: 200% 100%; animation: mn-shimmer 1.4s ease-in-out infinite; border-radius: 6px; min-height: 2.5rem; flex: 1; margin: 0.35rem 0; }
  @keyframes mn-shimmer { from { background-position: 200% 0; } to { background-position: -200% 0; } }
  @media (prefers-reduced-motion: reduce) { .skeleton { animation: none; } }
  .empty { text-align: center; padding: 1.5rem 1rem; }
  .empty p { margin: 0.25rem 0; }
`;
