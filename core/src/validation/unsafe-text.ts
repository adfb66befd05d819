/** Where a value carries text PostgreSQL cannot store (a NUL byte) or that is not valid Unicode
 *  (an unpaired surrogate): the dotted path of the first such string or key, or undefined. */
export function findUnsafeText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return isUnsafe(value) ? path || '(root)' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeText(value[i], path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (isUnsafe(key)) return at;
    const found = findUnsafeText((value as Record<string, unknown>)[key], at);
    if (found) return found;
  }
  return undefined;
}

// String.prototype.isWellFormed (Node 20+) is in ES2024, past our lib setting.
type WellFormed = { isWellFormed(): boolean };

function isUnsafe(s: string): boolean {
  return s.includes('\u0000') || !(s as unknown as WellFormed).isWellFormed();
}

/** The message a person reads for such a field. */
export function unsafeTextMessage(): string {
  return 'Remove the character that cannot be saved (a NUL byte or a broken Unicode character) and try again';
}
