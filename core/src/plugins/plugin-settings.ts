import type { JSONSchema } from '@medianest/sdk';

/** What the admin page is sent instead of a secret: whether one is set. */
export const SECRET_SET = { $secret: 'set' } as const;
/** What the admin page sends back to leave a secret as it is. */
export const SECRET_KEEP = '$secret';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSecretField = (schema: unknown) => isObject(schema) && schema['x-secret'] === true;
const isRef = (v: unknown) => isObject(v) && Object.keys(v).length === 1 && (typeof v.$env === 'string' || typeof v.$file === 'string');

/** The settings as the admin page may see them: secrets (by schema, or encrypted anywhere) become `{"$secret": "set"}`. */
export function maskSettings(config: unknown, schema: JSONSchema | undefined): unknown {
  if (isObject(config) && typeof config.$enc === 'string') return SECRET_SET;
  if (!isObject(config)) return config;
  const props = (isObject(schema) && isObject(schema.properties) ? schema.properties : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (isSecretField(props[key]) && !isRef(value)) out[key] = value === undefined || value === null || value === '' ? value : SECRET_SET;
    else out[key] = maskSettings(value, props[key] as JSONSchema | undefined);
  }
  return out;
}

/**
 * The settings to store, from what the admin sent: a secret sent as `{"$secret": "keep"}` keeps its
 * stored value; a new secret string is encrypted; `$env` / `$file` references are kept as given.
 */
export function sealSettings(incoming: unknown, stored: unknown, schema: JSONSchema | undefined, encrypt: (plain: string) => string): unknown {
  if (!isObject(incoming)) return incoming;
  const props = (isObject(schema) && isObject(schema.properties) ? schema.properties : {}) as Record<string, unknown>;
  const before = isObject(stored) ? stored : {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(incoming)) {
    if (isObject(value) && value.$secret === 'keep') {
      if (before[key] !== undefined) out[key] = before[key];
    } else if (isSecretField(props[key]) && typeof value === 'string' && value !== '') {
      out[key] = { $enc: encrypt(value) };
    } else {
      out[key] = sealSettings(value, before[key], props[key] as JSONSchema | undefined, encrypt);
    }
  }
  return out;
}
