import { LitElement, css, html } from 'lit';

/**
 * Grey placeholders where content is about to appear: `lines` bars (`kind="lines"`), list rows
 * (`kind="rows"`) or app tiles (`kind="tiles"`). Hidden from screen readers: the region that waits
 * says so with `aria-busy`. Still when the device asks for reduced motion.
 *
 * Plugins' widgets may use it too (the portal defines it for the whole page): a widget card is
 * `aria-busy` while a skeleton is inside it.
 */
export class MnSkeleton extends LitElement {
  static properties = { kind: { reflect: true }, lines: { type: Number } };
  declare kind: 'lines' | 'rows' | 'tiles';
  declare lines: number;
  private owner?: { release(s: EventTarget): void };

  static styles = css`
    :host { display: block; }
    .bar { display: block; border-radius: 6px; height: 0.9rem; margin: 0.45rem 0; }
    :host([kind='lines']) .bar:last-child:not(:first-child) { width: 60%; }
    :host([kind='rows']) .bar { height: 2.6rem; margin: 0 0 0.5rem; width: auto; }
    :host([kind='tiles']) .grid { display: grid; gap: 0.5rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 13rem), 1fr)); }
    :host([kind='tiles']) .bar { height: 3.35rem; margin: 0; width: auto; border-radius: 8px; }
    .bar {
      background: linear-gradient(90deg, var(--mn-skeleton, #e3e8ef) 30%, var(--mn-skeleton-shine, #f3f5f9) 50%, var(--mn-skeleton, #e3e8ef) 70%);
      background-size: 300% 100%;
      animation: shimmer 1.6s ease-in-out infinite;
    }
    @keyframes shimmer { from { background-position: 100% 0; } to { background-position: 0 0; } }
    @media (prefers-reduced-motion: reduce) { .bar { animation: none; background: var(--mn-skeleton, #e3e8ef); } }
  `;

  constructor() {
    super();
    this.kind = 'lines';
    this.lines = 3;
  }

  connectedCallback() {
    super.connectedCallback();
    this.setAttribute('aria-hidden', 'true');
    // A widget card around it (across shadow roots) marks itself busy until this placeholder goes.
    const claim: { owner?: { release(s: EventTarget): void } } = {};
    this.dispatchEvent(new CustomEvent('mn-loading', { bubbles: true, composed: true, detail: claim }));
    this.owner = claim.owner;
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.owner?.release(this);
    this.owner = undefined;
  }

  render() {
    const bars = Array.from({ length: Math.max(1, this.lines) }, () => html`<span class="bar"></span>`);
    return this.kind === 'tiles' ? html`<div class="grid">${bars}</div>` : bars;
  }
}
customElements.define('mn-skeleton', MnSkeleton);
