import { LitElement, css, html } from 'lit';
import { shared } from '../theme.ts';
import { forms } from '../forms.ts';

interface ConfirmOptions {
  title: string;
  message: string;
  /** The confirm button's words, e.g. "Delete uma". */
  confirm: string;
  danger?: boolean;
  /** When set, the person must type this (e.g. the username) before confirming. */
  typeToConfirm?: string;
}

/** A styled, accessible confirmation (a modal <dialog>) instead of confirm()/prompt(). */
export class MnConfirm extends LitElement {
  static properties = { options: { attribute: false }, typed: { state: true } };
  declare options: ConfirmOptions;
  declare typed: string;
  private settle?: (ok: boolean) => void;

  static styles = [shared, forms, css`
    dialog { border: 1px solid var(--mn-border); border-radius: var(--mn-radius); background: var(--mn-surface); color: var(--mn-text); max-width: min(28rem, calc(100vw - 2rem)); padding: 1.25rem; }
    dialog::backdrop { background: rgb(0 0 0 / 0.45); }
    h2 { margin: 0 0 0.5rem; font-size: 1.1rem; }
    p { margin: 0 0 1rem; overflow-wrap: anywhere; }
    .row { display: flex; gap: 0.5rem; justify-content: flex-end; flex-wrap: wrap; margin-top: 1rem; }
    button.danger.solid { background: var(--mn-bad); color: var(--mn-on-accent); border-color: var(--mn-bad); font-weight: 600; }
  `];

  constructor() {
    super();
    this.typed = '';
  }

  /** Resolves true when confirmed, false when cancelled (Escape, Cancel, backdrop). */
  ask(): Promise<boolean> {
    return new Promise((resolve) => {
      this.settle = resolve;
      void this.updateComplete.then(() => {
        const dialog = this.renderRoot.querySelector('dialog')!;
        dialog.showModal();
        (this.renderRoot.querySelector('input') ?? this.renderRoot.querySelector('button[value=cancel]'))?.focus();
      });
    });
  }

  private close(ok: boolean) {
    this.renderRoot.querySelector('dialog')?.close();
    this.settle?.(ok);
    this.settle = undefined;
    this.remove();
  }

  render() {
    const o = this.options;
    const blocked = o.typeToConfirm !== undefined && this.typed.trim().toLowerCase() !== o.typeToConfirm.toLowerCase();
    return html`<dialog aria-labelledby="title" @cancel=${(e: Event) => (e.preventDefault(), this.close(false))}>
      <form method="dialog" @submit=${(e: Event) => (e.preventDefault(), !blocked && this.close(true))}>
        <h2 id="title">${o.title}</h2>
        <p>${o.message}</p>
        ${o.typeToConfirm !== undefined
          ? html`<label>Type <strong>${o.typeToConfirm}</strong> to confirm <input name="typed" autocomplete="off" @input=${(e: Event) => (this.typed = (e.target as HTMLInputElement).value)} /></label>`
          : ''}
        <div class="row">
          <button type="button" value="cancel" @click=${() => this.close(false)}>Cancel</button>
          <button class=${o.danger ? 'danger solid' : 'primary'} ?disabled=${blocked}>${o.confirm}</button>
        </div>
      </form>
    </dialog>`;
  }
}
customElements.define('mn-confirm', MnConfirm);

/** Asks in a styled dialog; true when the person confirmed. */
export function confirmDialog(options: ConfirmOptions): Promise<boolean> {
  const el = document.createElement('mn-confirm') as MnConfirm;
  el.options = options;
  document.body.append(el);
  return el.ask();
}
