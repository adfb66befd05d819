/** A JSON Schema (draft 2020-12 subset understood by ajv). */
export type JSONSchema = Record<string, unknown>;

/**
 * What a person sees when a value fails: one message for every rule of the node, or one per rule
 * (`{ pattern: "Use a duration such as 30s or 5m", minLength: "…", default: "…" }`). Messages say
 * what to type; the core adds the field's `title` in front and never shows rules, paths or patterns.
 */
export type ErrorMessage = string | Partial<Record<'required' | 'type' | 'pattern' | 'format' | 'minLength' | 'maxLength' | 'minimum' | 'maximum' | 'enum' | 'minItems' | 'maxItems' | 'uniqueItems' | 'x-min-ms' | 'x-max-ms' | 'default', string>>;

/** Words for people on a schema node: the settings form shows `title` as the label and `description` under it. */
export interface FieldText {
  /** The field's name for people, e.g. "Poll interval" (the form never shows the raw key). */
  title?: string;
  /** One line under the field saying what it is for, e.g. "How often Uptime Kuma is asked". */
  description?: string;
  /** Replaces the default message of the helper (see ErrorMessage). */
  errorMessage?: ErrorMessage;
}

const text = (options: FieldText): JSONSchema => ({
  ...(options.title ? { title: options.title } : {}),
  ...(options.description ? { description: options.description } : {}),
});

/** Merges an author's messages over a helper's defaults. */
function messages(defaults: Record<string, string>, own: ErrorMessage | undefined): ErrorMessage {
  if (typeof own === 'string') return own;
  return { ...defaults, ...(own ?? {}) };
}

/** Marks a config property as a secret: stored encrypted, never sent to the browser, never logged. */
export function secret(schema: JSONSchema = { type: 'string' }): JSONSchema {
  return { ...schema, 'x-secret': true, writeOnly: true };
}

/** The default message of `duration()`. */
export const DURATION_MESSAGE = 'Use a duration such as 30s or 5m';

/** A string property holding a Duration such as "30s"; `minMs` and `maxMs` bound it ("Use at least 10s"). */
export function duration(options: { default?: string; minMs?: number; maxMs?: number } & FieldText = {}): JSONSchema {
  return {
    type: ['string', 'integer'],
    pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)\\s*$',
    'x-duration': true,
    ...(options.minMs !== undefined ? { 'x-min-ms': options.minMs } : {}),
    ...(options.maxMs !== undefined ? { 'x-max-ms': options.maxMs } : {}),
    ...(options.default !== undefined ? { default: options.default } : {}),
    ...text(options),
    errorMessage: messages({ pattern: DURATION_MESSAGE, type: DURATION_MESSAGE }, options.errorMessage),
  };
}

/** The default message of `url()`. */
export const URL_MESSAGE = 'Enter an address that starts with http:// or https://';

/** A string property holding an http(s) address such as http://192.168.1.10:3001 (a path is allowed; no spaces, query or user:password@). */
export function url(options: { default?: string } & FieldText = {}): JSONSchema {
  return {
    type: 'string',
    pattern: '^https?://[^\\s/?#@]+(/[^\\s?#]*)?$',
    maxLength: 2048,
    ...(options.default !== undefined ? { default: options.default } : {}),
    ...text(options),
    errorMessage: messages({ pattern: URL_MESSAGE, type: URL_MESSAGE, minLength: URL_MESSAGE }, options.errorMessage),
  };
}

/** The default message of `username()`. */
export const USERNAME_MESSAGE = 'Use letters, digits, dots, dashes or underscores';

/** A string property holding a user name: letters, digits, ".", "_" and "-", 1 to 64 of them. */
export function username(options: FieldText = {}): JSONSchema {
  return {
    type: 'string',
    pattern: '^[A-Za-z0-9._-]+$',
    minLength: 1,
    maxLength: 64,
    ...text(options),
    errorMessage: messages({ pattern: USERNAME_MESSAGE, type: USERNAME_MESSAGE, maxLength: 'Use at most 64 characters', minLength: 'Fill this in' }, options.errorMessage),
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
