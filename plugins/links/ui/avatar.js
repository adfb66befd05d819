// A letter avatar for tiles without an icon: the first letter on a colour picked from the name.
const COLOURS = ['#2f6feb', '#1a7f37', '#8250df', '#bf3989', '#0a7d8c', '#9a6700', '#cf222e', '#57606a'];

export function avatarColour(name) {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return COLOURS[h % COLOURS.length];
}

export function initial(name) {
  return ([...name.trim()][0] ?? '?').toUpperCase();
}

/** Words for a dot, so the state is never colour alone. */
export const DOT_WORDS = { up: 'Up', slow: 'Slow', down: 'Down', unknown: 'Not checked' };
