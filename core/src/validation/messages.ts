import type { ErrorObject } from 'ajv';

/**
 * Turns ajv's errors into words for people: the field is named by its schema `title` (or its key in
 * plain words), and the message comes from the schema's `errorMessage` (a string, or an object keyed
 * by rule) or a default that says what to type. No schema path, regex or rule name reaches a person;
 * `field` and `rule` stay in the answer's `details` for programs (the UI puts each message by its field).
 * Needs ajv's `verbose` option, which puts the failing schema node on each error.
 */

/** One failed rule, as a person reads it and a program finds its field. */
export interface PersonError {
  /** `body`, `query`, `params` or `config`. */
  in: string;
  /** Dotted path of the field inside it (`statusPages.0`), `(root)` for the whole value. */
  field: string;
  /** The field's name for people: its schema `title`, else its key in plain words. */
  label: string;
  /** The failing rule, for programs only. */
  rule: string;
  /** What to do, in plain words; never names a rule, pattern or path. */
  message: string;
}

type Node = Record<string, any>;

/** "pollInterval" → "Poll interval", "base_url" → "Base url". */
export function humanise(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').trim().toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : key;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const TYPE_WORDS: Record<string, string> = {
  string: 'Enter text',
  integer: 'Enter a whole number',
  number: 'Enter a number',
  boolean: 'Choose yes or no',
  array: 'Enter a list',
  object: 'Fill in the parts of this setting',
  null: 'Leave this empty',
};

const FORMAT_WORDS: Record<string, string> = {
  uri: 'Enter an address that starts with http:// or https://',
  url: 'Enter an address that starts with http:// or https://',
  'uri-reference': 'Enter an address such as /path or https://example.com/path',
  email: 'Enter an email address such as name@example.com',
  'date-time': 'Enter a date and time such as 2026-01-31T18:00:00Z',
  date: 'Enter a date such as 2026-01-31',
  time: 'Enter a time such as 18:00:00',
  hostname: 'Enter a host name such as plex.local',
  ipv4: 'Enter an IPv4 address such as 192.168.1.10',
  ipv6: 'Enter an IPv6 address',
  uuid: 'Enter an id such as 123e4567-e89b-12d3-a456-426614174000',
};

const showValue = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** The default message of one rule, in words that say what to type. */
function defaultMessage(e: ErrorObject): string {
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'required':
      return 'Fill this in';
    case 'type': {
      const types = String(p.type).split(',');
      return TYPE_WORDS[types.find((t) => t !== 'null') ?? types[0]] ?? 'Check what you typed';
    }
    case 'minLength':
      return p.limit <= 1 ? 'Fill this in' : `Use at least ${plural(p.limit, 'character', 'characters')}`;
    case 'maxLength':
      return `Use at most ${plural(p.limit, 'character', 'characters')}`;
    case 'minimum':
      return `Enter ${p.limit} or more`;
    case 'exclusiveMinimum':
      return `Enter a number above ${p.limit}`;
    case 'maximum':
      return `Enter ${p.limit} or less`;
    case 'exclusiveMaximum':
      return `Enter a number below ${p.limit}`;
    case 'multipleOf':
      return `Enter a multiple of ${p.multipleOf}`;
    case 'minItems':
      return p.limit <= 1 ? 'Add at least one' : `Add at least ${p.limit}`;
    case 'maxItems':
      return `Add at most ${p.limit}`;
    case 'uniqueItems':
      return 'Remove the entry that is there twice';
    case 'enum':
      return `Choose one of: ${(p.allowedValues as unknown[]).map(showValue).join(', ')}`;
    case 'const':
      return `Use ${showValue(p.allowedValue)}`;
    case 'format':
      return FORMAT_WORDS[p.format] ?? 'Check what you typed: it is not in the expected form';
    case 'additionalProperties':
      return 'This is not something that can be set here: remove it';
    case 'pattern':
      return 'Check what you typed: it is not in the expected form';
    case 'x-min-ms':
      return `Use at least ${seconds(p.limit)}`;
    case 'x-max-ms':
      return `Use at most ${seconds(p.limit)}`;
    default:
      return 'Check what you typed';
  }
}

const seconds = (ms: number) => (ms % 60_000 === 0 && ms >= 60_000 ? `${ms / 60_000}m` : `${ms / 1000}s`);

/** The author's message for a rule on a node: `errorMessage` as a string, or its entry for the rule (or `default`). */
function authorMessage(node: Node | undefined, rule: string): string | undefined {
  const m = node?.errorMessage;
  if (typeof m === 'string') return m;
  if (m && typeof m === 'object') {
    const forRule = m[rule];
    if (typeof forRule === 'string') return forRule;
    if (typeof m.default === 'string') return m.default;
  }
  return undefined;
}

/** The schema node of a property named in a `required`/`additionalProperties` error. */
const propertyNode = (parent: Node | undefined, key: string): Node | undefined => parent?.properties?.[key];

function splitPath(instancePath: string): string[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Errors for people, one per field (the first rule that failed there), in schema order. */
export function personErrors(where: string, errors: ErrorObject[] | null | undefined, root?: Node): PersonError[] {
  const out: PersonError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    // The branches of anyOf/oneOf report their own errors; the summary adds nothing a person can use.
    if ((e.keyword === 'anyOf' || e.keyword === 'oneOf') && (errors ?? []).some((o) => o !== e && o.instancePath.startsWith(e.instancePath))) continue;
    const path = splitPath(e.instancePath);
    let node = e.parentSchema as Node | undefined;
    let rule = e.keyword;
    if (e.keyword === 'required' || e.keyword === 'additionalProperties' || e.keyword === 'dependentRequired') {
      const key = String((e.params as any).missingProperty ?? (e.params as any).additionalProperty ?? (e.params as any).property ?? '');
      path.push(key);
      node = propertyNode(node, key) ?? (e.keyword === 'required' ? undefined : node);
      if (e.keyword === 'additionalProperties') node = undefined;
    }
    const field = path.join('.') || '(root)';
    if (seen.has(field)) continue;
    seen.add(field);
    const message = authorMessage(node, rule) ?? defaultMessage(e);
    out.push({ in: where, field, label: labelOf(path, node, root), rule, message });
  }
  return out;
}

/** The field's title; list entries are named by the list's title ("Status pages, entry 2"). */
function labelOf(path: string[], node: Node | undefined, root: Node | undefined): string {
  if (path.length === 0) return typeof node?.title === 'string' ? node.title : 'This';
  const last = path[path.length - 1];
  if (/^\d+$/.test(last) && path.length > 1) {
    return `${labelOf(path.slice(0, -1), nodeAt(root, path.slice(0, -1)), root)}, entry ${Number(last) + 1}`;
  }
  const own = typeof node?.title === 'string' ? node.title : nodeAt(root, path)?.title;
  return typeof own === 'string' ? own : humanise(last);
}

/** Walks `properties`/`items` of a schema along a data path (enough for titles; not a full resolver). */
function nodeAt(root: Node | undefined, path: string[]): Node | undefined {
  let node = root;
  for (const key of path) {
    if (!node) return undefined;
    if (/^\d+$/.test(key) && node.items && typeof node.items === 'object') node = node.items;
    else node = node.properties?.[key];
  }
  return node;
}

/** "Poll interval: Use at least 10s. Base address: Enter an address that starts with http:// or https://" */
export function describeForPeople(errors: PersonError[]): string {
  return errors.map((e) => `${e.label}: ${e.message}`).join('. ');
}
