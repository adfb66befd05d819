// Checks the fakes' answers against the response schemas of the Plex specs in reference/, so the fakes
// cannot drift from what Plex and plex.tv really send.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

const REFERENCE = fileURLToPath(new URL('../../../test-fixtures/spec', import.meta.url));
const FILES = { current: 'plex-api-spec.yaml', legacy: 'plex-api-spec-legacy-0.0.3.yaml' } as const;
export type SpecName = keyof typeof FILES;

type Node = Record<string, any>;
const specs = new Map<SpecName, Node>();
const compiled = new Map<string, ValidateFunction | null>();
const ajv = new Ajv({ strict: false, allErrors: process.env.PLEX_FAKE_ALL_ERRORS === '1', validateFormats: false, allowUnionTypes: true });

function spec(name: SpecName): Node {
  let s = specs.get(name);
  if (!s) specs.set(name, (s = parse(readFileSync(`${REFERENCE}/${FILES[name]}`, 'utf8'), { maxAliasCount: -1 }) as Node));
  return s;
}

// Inlines $refs (a reference already being inlined becomes `{}`: the specs have a few cycles).
function inline(root: Node, node: unknown, seen: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((n) => inline(root, n, seen));
  if (!node || typeof node !== 'object') return node;
  const n = node as Node;
  if (typeof n.$ref === 'string') {
    if (seen.has(n.$ref)) return {};
    const target = n.$ref.slice(2).split('/').reduce((at: Node, key: string) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], root);
    return inline(root, target, new Set([...seen, n.$ref]));
  }
  const out: Node = {};
  for (const [k, v] of Object.entries(n)) if (k !== 'example' && k !== 'examples' && k !== 'x-examples') out[k] = inline(root, v, seen);
  return out;
}

/** The JSON schema of an answer in a spec, or null when the spec gives none. */
function validator(name: SpecName, path: string, method: string, status: number): ValidateFunction | null {
  const key = `${name} ${method} ${path} ${status}`;
  if (!compiled.has(key)) {
    const root = spec(name);
    const op = root.paths?.[path]?.[method];
    if (!op) throw new Error(`the ${name} spec has no ${method.toUpperCase()} ${path}`);
    const schema = op.responses?.[String(status)]?.content?.['application/json']?.schema;
    compiled.set(key, schema ? ajv.compile(inline(root, schema, new Set()) as Node) : null);
  }
  return compiled.get(key)!;
}

/** Every mismatch seen, for tests to assert there were none. */
export const drift: string[] = [];

/** Throws (and records) when `body` does not match the spec's schema of this answer. */
export function checkAnswer(name: SpecName, path: string, method: string, status: number, body: unknown, everyError = false): void {
  const check = validator(name, path, method.toLowerCase(), status);
  if (!check) throw new Error(`the ${name} spec has no JSON schema for ${method} ${path} ${status}`);
  if (!check(body)) {
    const errors = everyError ? (check.errors ?? []) : (check.errors ?? []).slice(0, 1);
    const message = `fake answer drifted from the ${name} spec at ${method} ${path}: ${errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`;
    drift.push(message);
    throw new Error(message);
  }
}

/** Parses the specs and compiles these answers' schemas now (seconds of work), not during a request. */
export function prepare(answers: Array<[SpecName, string, string, number]>): void {
  for (const [name, path, method, status] of answers) validator(name, path, method, status);
}
