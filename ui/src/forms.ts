import { css } from 'lit';

/** Inputs, selects and buttons of the shell's forms. */
export const forms = css`
  label { display: grid; gap: 0.25rem; font-size: 0.85rem; }
  input, select { font: inherit; padding: 0.4rem 0.5rem; border: 1px solid var(--mn-border); border-radius: 6px; background: var(--mn-bg); color: var(--mn-text); min-width: 0; }
  button { font: inherit; font-size: 0.9rem; padding: 0.4rem 0.75rem; border-radius: 6px; border: 1px solid var(--mn-border); background: var(--mn-bg); color: var(--mn-text); cursor: pointer; }
  button.primary { background: var(--mn-accent); border-color: var(--mn-accent); color: var(--mn-on-accent); font-weight: 600; }
  button[disabled] { opacity: 0.7; cursor: not-allowed; }
  button.danger { color: var(--mn-bad); border-color: var(--mn-bad); }
  .error { color: var(--mn-bad); margin: 0; }
`;
