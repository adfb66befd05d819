// Checks an answer against a JSON Schema with ajv. The SDK's http.json does this too, but hides the
// status and Overseerr's own message of a refusal, which people are told about in plain words; so
// the client reads answers itself and checks them here. Also used for webhook bodies.
import { Ajv, type ValidateFunction } from 'ajv';
import type { JSONSchema } from '@medianest/sdk';

const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes: false });
const compiled = new WeakMap<object, ValidateFunction>();

/** Undefined when `value` matches; else the first problem, e.g. "/results/0/id must be number". */
export function checkShape(schema: JSONSchema, value: unknown): string | undefined {
  let check = compiled.get(schema);
  if (!check) compiled.set(schema, (check = ajv.compile(schema)));
  if (check(value)) return undefined;
  const e = check.errors?.[0];
  return e ? `${e.instancePath || 'the answer'} ${e.message}` : 'it does not match';
}
