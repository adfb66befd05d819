const VISIBLE = 'img, svg, video, canvas, iframe, input, button, select, textarea, mn-skeleton, [role="img"], [role="progressbar"]';

/** Whether an element shows anything a person can see: words, a picture, a control (open shadow roots included). */
export function hasContent(el: Element): boolean {
  return (el.shadowRoot ? shows(el.shadowRoot) : false) || shows(el);
}

function shows(node: Node): boolean {
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE && child.textContent?.trim()) return true;
    if (!(child instanceof Element) || /^(STYLE|SCRIPT|TEMPLATE)$/.test(child.tagName)) continue;
    if (child.matches(VISIBLE) || hasContent(child)) return true;
  }
  return false;
}
