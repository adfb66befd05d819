// A letter avatar for tiles without an icon: the first letter on one of 8 colours picked from the
// name (a class, not a style attribute: the portal's CSP allows none).
export function avatarColour(name) {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return String(h % 8);
}

export function initial(name) {
  return ([...name.trim()][0] ?? '?').toUpperCase();
}

/** Words for a dot, so the state is never colour alone. */
export const DOT_WORDS = { up: 'Up', slow: 'Slow', down: 'Down', unknown: 'Not checked' };
