/** One message from an error answer's `details`, for the field it belongs to. */
export interface FieldMessage {
  /** The field's name for people. */
  label: string;
  /** What to do, in plain words. */
  message: string;
}

/**
 * The messages of a 400 answer's `details`, keyed by the top-level field they belong to
 * (`statusPages.2` belongs to `statusPages`), for errors in `where` (`body`, `config`).
 */
export function fieldMessages(details: unknown, where: string): Map<string, FieldMessage> {
  const out = new Map<string, FieldMessage>();
  if (!Array.isArray(details)) return out;
  for (const d of details) {
    if (!d || typeof d !== 'object' || d.in !== where || typeof d.field !== 'string' || typeof d.message !== 'string') continue;
    const key = d.field.split('.')[0];
    if (key === '(root)' || out.has(key)) continue;
    out.set(key, { label: String(d.label ?? key), message: d.message });
  }
  return out;
}
