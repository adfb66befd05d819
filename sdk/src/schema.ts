/** A JSON Schema (draft 2020-12 subset understood by ajv). */
export type JSONSchema = Record<string, unknown>;

/** Marks a config property as a secret: stored encrypted, never sent to the browser, never logged. */
export function secret(schema: JSONSchema = { type: 'string' }): JSONSchema {
  return { ...schema, 'x-secret': true, writeOnly: true };
}

/** A string property holding a Duration such as "30s"; `minMs` and `maxMs` bound it. */
export function duration(options: { default?: string; minMs?: number; maxMs?: number; description?: string } = {}): JSONSchema {
  return {
    type: ['string', 'integer'],
    pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)\\s*$',
    'x-duration': true,
    ...(options.minMs !== undefined ? { 'x-min-ms': options.minMs } : {}),
    ...(options.maxMs !== undefined ? { 'x-max-ms': options.maxMs } : {}),
    ...(options.default !== undefined ? { default: options.default } : {}),
    ...(options.description ? { description: options.description } : {}),
  };
}

/** An object schema with `additionalProperties: false` and every listed property required unless in `optional`. */
export function object(properties: Record<string, JSONSchema>, optional: string[] = []): JSONSchema {
  return {
    type: 'object',
    additionalProperties: false,
    properties,
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
  };
}
