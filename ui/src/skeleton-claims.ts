/**
 * Counts the `<mn-skeleton>`s shown inside `host`, across shadow roots (a plugin's widget or page):
 * each announces itself with a bubbling `mn-loading` event and tells its owner when it goes.
 * `changed` gets the count, so the host can be `aria-busy` while it is above 0.
 */
export function claimSkeletons(host: HTMLElement, changed: (count: number) => void): void {
  const shown = new Set<EventTarget>();
  const owner = {
    release(skeleton: EventTarget) {
      shown.delete(skeleton);
      changed(shown.size);
    },
  };
  host.addEventListener('mn-loading', (e) => {
    const claim = (e as CustomEvent<{ owner?: typeof owner }>).detail;
    if (!claim || claim.owner) return; // a nearer region took it
    claim.owner = owner;
    shown.add(e.composedPath()[0]!);
    changed(shown.size);
  });
}
