// Checks an answer against a JSON Schema with ajv. The SDK's http.json does this too, but hides the
// status and Overseerr's own message of a refusal, which people are told about in plain words; so
// the client reads answers itself and checks them here. Also used for webhook bodies.
import { Ajv, type ValidateFunction } from 'ajv';
import type { JSONSchema } from '@medianest/sdk';

const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, coerceTypes: false });
const compiled = new WeakMap<object, ValidateFunction>();

/** Undefined when `value` matches; else the first problem, e.g. "/results/0/id must be number". */
export function checkShape(schema: JSONSchema, value: unknown): string | undefined {
  let check = compiled.get(schema);
  if (!check) compiled.set(schema, (check = ajv.compile(schema)));
  if (check(value)) return undefined;
  // The deepest failure names the field; a schema's own `errorMessage` says it in words.
  const errors = (check.errors ?? []).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  const e = errors.sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  if (!e) return 'it does not match';
  const words = (e.parentSchema as { errorMessage?: unknown } | undefined)?.errorMessage;
  return `${e.instancePath || 'the whole body'} ${typeof words === 'string' ? words : e.message}`;
}
