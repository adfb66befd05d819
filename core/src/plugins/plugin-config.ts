import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { JSONSchema } from '@medianest/sdk';
import { createAjv } from '../validation/ajv.js';
import { describeForPeople, personErrors, type PersonError } from '../validation/messages.js';
import { PluginLoadError } from './manifest.js';

const ajv = createAjv();

/**
 * Replaces secret references in plugins.json values — `{"$env": "NAME"}` (also NAME_FILE) and
 * `{"$file": "path"}` — by their values, then validates against the plugin's schema with defaults.
 */
export function resolvePluginConfig(
  raw: Record<string, unknown> | undefined,
  schema: JSONSchema | undefined,
  baseDir: string,
  env: NodeJS.ProcessEnv = process.env,
  decrypt?: (sealed: string) => string,
): Record<string, unknown> {
  const config = resolveRefs(structuredClone(raw ?? {}), baseDir, env, 'config', decrypt) as Record<string, unknown>;
  if (!schema) return config;
  let validate;
  try {
    validate = ajv.compile(schema);
  } catch (err) {
    throw new PluginLoadError(`Its configSchema is not a valid JSON Schema: ${(err as Error).message}`);
  }
  if (!validate(config)) throw new InvalidSettings(personErrors('config', validate.errors, schema));
  return config;
}

/** Settings that fail the plugin's schema: `errors` say, per field, what to type. */
export class InvalidSettings extends PluginLoadError {
  constructor(readonly errors: PersonError[]) {
    // Admins who edit plugins.json by hand read this too: the key follows the title.
    super(`Its settings are invalid: ${describeForPeople(errors.map((e) => (e.field === '(root)' || e.label.toLowerCase() === e.field.toLowerCase() ? e : { ...e, label: `${e.label} (${e.field})` })))}`);
  }
}

function resolveRefs(value: unknown, baseDir: string, env: NodeJS.ProcessEnv, where: string, decrypt?: (sealed: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v, i) => resolveRefs(v, baseDir, env, `${where}[${i}]`, decrypt));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && typeof obj.$env === 'string') {
    const name = obj.$env;
    const file = env[`${name}_FILE`];
    if (file) return readSecretFile(file, baseDir, where);
    const v = env[name];
    if (v === undefined || v === '') throw new PluginLoadError(`${where} refers to environment variable ${name}, which is not set`);
    return v;
  }
  if (keys.length === 1 && typeof obj.$file === 'string') return readSecretFile(obj.$file, baseDir, where);
  if (keys.length === 1 && typeof obj.$enc === 'string') {
    if (!decrypt) throw new PluginLoadError(`${where} is encrypted, but no encryption key is loaded`);
    try {
      return decrypt(obj.$enc);
    } catch {
      throw new PluginLoadError(`${where} is encrypted with another key: set ENCRYPTION_KEY to the key it was saved with, or enter the secret again`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = resolveRefs(obj[key], baseDir, env, `${where}.${key}`, decrypt);
  return out;
}

function readSecretFile(path: string, baseDir: string, where: string): string {
  const full = isAbsolute(path) ? path : resolve(baseDir, path);
  try {
    return readFileSync(full, 'utf8').trim();
  } catch (err) {
    throw new PluginLoadError(`${where} refers to file ${full}, which cannot be read (${(err as NodeJS.ErrnoException).code})`);
  }
}
