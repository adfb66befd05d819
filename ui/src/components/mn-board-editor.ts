// Arranging the board: gridstack (drag and resize) plus the keyboard, which gridstack lacks:
// on a widget's handle, arrow keys move it and Shift+arrow keys resize it. Loaded only when arranging.
import { LitElement, css, html, unsafeCSS } from 'lit';
import { GridStack, type GridStackNode } from 'gridstack';
import gridCss from 'gridstack/dist/gridstack.min.css?inline';
import type { WidgetEntry } from '../manifest.ts';
import { COLUMNS, widgetId, type BoardItem } from '../board-layout.ts';
import { shared } from '../theme.ts';
import './mn-widget-card.ts';

const ROW_PX = 80;

/** The board in arranging mode; fires `board-change` with every widget's place after each move. */
export class MnBoardEditor extends LitElement {
  static properties = { widgets: { attribute: false }, items: { attribute: false }, announce: { state: true } };
  declare widgets: WidgetEntry[];
  declare items: BoardItem[];
  declare announce: string;
  private grid?: GridStack;

  static styles = [
    shared,
    unsafeCSS(gridCss),
    css`
      :host { display: block; }
      .grid-stack { background: repeating-linear-gradient(90deg, transparent 0 calc(100% / 12 - 1px), var(--mn-border) calc(100% / 12 - 1px) calc(100% / 12)); border-radius: var(--mn-radius); min-height: ${ROW_PX * 2}px; }
      .grid-stack-item-content { display: flex; flex-direction: column; border-radius: var(--mn-radius); outline: 2px dashed var(--mn-accent); outline-offset: -2px; background: var(--mn-surface); overflow: hidden; }
      .bar { display: flex; align-items: center; gap: 0.4rem; padding: 0.3rem 0.4rem; background: var(--mn-bg); border-bottom: 1px solid var(--mn-border); }
      .bar .title { flex: 1; font-weight: 600; font-size: 0.85rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      .handle { cursor: grab; font: inherit; font-size: 0.8rem; padding: 0.2rem 0.5rem; border-radius: 6px; border: 1px solid var(--mn-border); background: var(--mn-surface); color: var(--mn-text); }
      .handle:focus-visible, .hide:focus-visible { outline: 2px solid var(--mn-accent); outline-offset: 1px; }
      .hide { font: inherit; font-size: 0.8rem; padding: 0.2rem 0.5rem; border-radius: 6px; border: 1px solid var(--mn-border); background: var(--mn-surface); color: var(--mn-text); cursor: pointer; }
      .body { flex: 1; overflow: auto; pointer-events: none; }
      .body mn-widget-card { height: 100%; }
      .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    `,
  ];

  firstUpdated() {
    const el = this.renderRoot.querySelector<HTMLElement>('.grid-stack')!;
    const grid = GridStack.init({ column: COLUMNS, cellHeight: ROW_PX, margin: 6, float: false, animate: false, handle: '.handle', resizable: { handles: 'se' }, disableOneColumnMode: true } as any, el)!;
    this.grid = grid;
    const byId = new Map(this.widgets.map((w) => [widgetId(w), w]));
    grid.batchUpdate();
    for (const item of this.items) {
      const widget = byId.get(item.id);
      if (widget) grid.makeWidget(this.itemElement(widget, item), { id: item.id, x: item.x, y: item.y, w: item.w, h: item.h, minW: widget.size.minW, maxW: widget.size.maxW, minH: widget.size.minH, maxH: widget.size.maxH } as any);
    }
    grid.batchUpdate(false);
    grid.on('change', () => this.emit());
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.grid?.destroy(false);
  }

  /** Every widget's place now, hidden ones left to the caller. */
  places(): BoardItem[] {
    return (this.grid?.engine.nodes ?? []).map((n: GridStackNode) => ({ id: (n.el as HTMLElement).dataset.widget!, x: n.x ?? 0, y: n.y ?? 0, w: n.w ?? 1, h: n.h ?? 1, hidden: false }));
  }

  private emit() {
    this.dispatchEvent(new CustomEvent('board-change', { detail: this.places() }));
  }

  private itemElement(widget: WidgetEntry, item: BoardItem): HTMLElement {
    const el = document.createElement('div');
    el.className = 'grid-stack-item';
    el.setAttribute('gs-id', item.id);
    el.setAttribute('gs-x', String(item.x));
    el.setAttribute('gs-y', String(item.y));
    el.setAttribute('gs-w', String(item.w));
    el.setAttribute('gs-h', String(item.h));
    el.dataset.widget = item.id;
    const content = document.createElement('div');
    content.className = 'grid-stack-item-content';
    const bar = document.createElement('div');
    bar.className = 'bar';
    const title = document.createElement('span');
    title.className = 'title';
    title.textContent = widget.title;
    const handle = document.createElement('button');
    handle.type = 'button';
    handle.className = 'handle';
    handle.textContent = '⠿ Move';
    handle.setAttribute('aria-label', `Move or resize ${widget.title}`);
    handle.setAttribute('aria-describedby', 'keys-help');
    handle.addEventListener('keydown', (e) => this.onKey(e, el, widget));
    const hide = document.createElement('button');
    hide.type = 'button';
    hide.className = 'hide';
    hide.textContent = 'Hide';
    hide.setAttribute('aria-label', `Hide ${widget.title}`);
    hide.addEventListener('click', () => {
      this.grid!.removeWidget(el, true, false);
      this.dispatchEvent(new CustomEvent('board-hide', { detail: item.id }));
      this.emit();
      this.announce = `${widget.title} hidden`;
    });
    bar.append(title, handle, hide);
    const body = document.createElement('div');
    body.className = 'body';
    const card = document.createElement('mn-widget-card') as HTMLElement & { widget: WidgetEntry };
    card.widget = widget;
    body.append(card);
    content.append(bar, body);
    el.append(content);
    return el;
  }

  /** Arrow keys move the widget by a cell; with Shift they resize it (within its bounds). */
  private onKey(e: KeyboardEvent, el: HTMLElement, widget: WidgetEntry) {
    const delta = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
    if (!delta || !this.grid) return;
    e.preventDefault();
    const node = (el as HTMLElement & { gridstackNode?: GridStackNode }).gridstackNode!;
    const [dx, dy] = delta as [number, number];
    const { size } = widget;
    if (e.shiftKey) {
      const w = Math.max(size.minW, Math.min(size.maxW, COLUMNS - (node.x ?? 0), (node.w ?? 1) + dx));
      const h = Math.max(size.minH, Math.min(size.maxH, (node.h ?? 1) + dy));
      this.grid.update(el, { w, h });
    } else {
      const x = Math.max(0, Math.min(COLUMNS - (node.w ?? 1), (node.x ?? 0) + dx));
      const y = Math.max(0, (node.y ?? 0) + dy);
      this.grid.update(el, { x, y });
    }
    const after = (el as HTMLElement & { gridstackNode?: GridStackNode }).gridstackNode!;
    this.announce = `${widget.title}: column ${(after.x ?? 0) + 1}, row ${(after.y ?? 0) + 1}, ${after.w} wide, ${after.h} high`;
    this.emit();
    el.querySelector<HTMLElement>('.handle')?.focus();
  }

  render() {
    return html`
      <p id="keys-help" class="sr">Drag to move. On the Move button: arrow keys move the widget, Shift and arrow keys make it wider, narrower, taller or lower.</p>
      <div class="grid-stack"></div>
      <p class="sr" role="status" aria-live="polite">${this.announce ?? ''}</p>
    `;
  }
}
customElements.define('mn-board-editor', MnBoardEditor);
