// reference/overseerr-api.yml as a checker: does a request match an operation of the spec (method,
// path, parameters, body schema, API key), and does an answer match that operation's response schema?
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

export const SPEC_PATH = process.env.OVERSEERR_SPEC ?? fileURLToPath(new URL('../../../spec/overseerr-api.yml', import.meta.url));

interface Parameter {
  in: 'query' | 'path' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: Record<string, unknown>;
}

interface Operation {
  method: string;
  path: string;
  pattern: RegExp;
  pathNames: string[];
  parameters: Parameter[];
  body?: { required: boolean; check: () => ValidateFunction };
  responses: Map<string, (() => ValidateFunction) | null>;
  needsKey: boolean;
}

/** Errors Overseerr's source answers that the spec does not list (ANCHORS §2.2): `{ message }` bodies. */
const UNDECLARED_ERRORS = new Set(['400', '401', '403', '404', '409', '500']);
const UNDECLARED: Record<string, string[]> = { 'POST /request': ['202'] };

export class OverseerrSpec {
  readonly operations: Operation[] = [];
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly errorBody: ValidateFunction;

  constructor(file = SPEC_PATH) {
    const doc = parse(readFileSync(file, 'utf8'));
    this.ajv.addSchema({ $id: 'spec', components: rewriteRefs(doc.components) }, undefined, undefined, false);
    this.errorBody = this.ajv.compile({ type: 'object', anyOf: [{ required: ['message'] }, { required: ['error'] }], properties: { message: { type: 'string' }, error: { type: 'string' } } });
    const defaultSecured = Array.isArray(doc.security) && doc.security.length > 0;
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      const shared: Parameter[] = item.parameters ?? [];
      for (const method of ['get', 'post', 'put', 'delete', 'patch']) {
        const op = item[method];
        if (!op) continue;
        const pathNames: string[] = [];
        const pattern = new RegExp(`^${path.replace(/\{([^}]+)\}/g, (_m: string, name: string) => (pathNames.push(name), '([^/]+)'))}$`);
        const parameters = [...shared, ...(op.parameters ?? [])].map((p: any) => (p.$ref ? resolve(doc, p.$ref) : p));
        const json = op.requestBody?.content?.['application/json']?.schema;
        const responses = new Map<string, (() => ValidateFunction) | null>();
        for (const [status, r] of Object.entries<any>(op.responses ?? {})) {
          const schema = r?.content?.['application/json']?.schema;
          responses.set(status, schema ? this.lazy(schema) : null);
        }
        const security = op.security ?? (defaultSecured ? doc.security : []);
        this.operations.push({
          method: method.toUpperCase(),
          path,
          pattern,
          pathNames,
          parameters,
          body: json ? { required: op.requestBody.required === true, check: this.lazy(json) } : undefined,
          responses,
          needsKey: security.length > 0,
        });
      }
    }
    // Literal paths win over templated ones (/request/count before /request/{requestId}).
    this.operations.sort((a, b) => a.pathNames.length - b.pathNames.length);
  }

  /** The operation a call hits, with its path parameters; `path` is relative to /api/v1. */
  find(method: string, path: string): { op: Operation; params: Record<string, string> } | undefined {
    for (const op of this.operations) {
      if (op.method !== method) continue;
      const m = op.pattern.exec(path);
      if (!m) continue;
      return { op, params: Object.fromEntries(op.pathNames.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
    }
    return undefined;
  }

  /** Every way a request breaks the spec (empty: it conforms). */
  checkRequest(method: string, url: URL, headers: Record<string, string | undefined>, body: unknown): string[] {
    const path = url.pathname.replace(/^\/api\/v1/, '');
    if (!url.pathname.startsWith('/api/v1/')) return [`${method} ${url.pathname} is outside /api/v1`];
    const hit = this.find(method, path);
    if (!hit) return [`${method} ${path} is not an operation of the spec`];
    const { op, params } = hit;
    const problems: string[] = [];
    const where = `${method} ${op.path}`;
    for (const p of op.parameters) {
      const raw = p.in === 'query' ? url.searchParams.get(p.name) : p.in === 'path' ? params[p.name] : p.in === 'header' ? headers[p.name.toLowerCase()] : undefined;
      if (raw === undefined || raw === null) {
        if (p.required) problems.push(`${where}: the required ${p.in} parameter "${p.name}" is missing`);
        continue;
      }
      const problem = this.checkValue(p.schema ?? {}, raw);
      if (problem) problems.push(`${where}: ${p.in} parameter "${p.name}"=${JSON.stringify(raw)} ${problem}`);
    }
    const declared = new Set(op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of url.searchParams.keys()) if (!declared.has(name)) problems.push(`${where}: the query parameter "${name}" is not in the spec`);
    if (op.body) {
      if (body === undefined) {
        if (op.body.required) problems.push(`${where}: the required JSON body is missing`);
      } else {
        const check = op.body.check();
        if (!check(body)) problems.push(`${where}: body ${this.ajv.errorsText(check.errors)}`);
      }
    } else if (body !== undefined) {
      problems.push(`${where}: sends a body the spec does not take`);
    }
    if (op.needsKey && !headers['x-api-key']) problems.push(`${where}: no X-Api-Key header`);
    const asUser = headers['x-api-user'];
    if (asUser !== undefined && !/^[1-9][0-9]*$/.test(asUser)) problems.push(`${where}: X-Api-User "${asUser}" is not a user id`);
    return problems;
  }

  /** Whether the spec allows this answer (status and body) to this request; empty: it does. */
  checkResponse(method: string, path: string, status: number, body: unknown): string[] {
    const hit = this.find(method, path.replace(/^\/api\/v1/, '').split('?')[0]!);
    if (!hit) return [`no operation for ${method} ${path}`];
    const { op } = hit;
    const code = String(status);
    const where = `${method} ${op.path} → ${status}`;
    if (op.responses.has(code)) {
      const check = op.responses.get(code)?.();
      if (check && !check(body)) return [`${where}: ${this.ajv.errorsText(check.errors)}`];
      return [];
    }
    if (UNDECLARED_ERRORS.has(code) || UNDECLARED[`${method} ${op.path}`]?.includes(code)) {
      return this.errorBody(body) ? [] : [`${where}: an error answer needs { message }`];
    }
    return [`${where}: the spec declares no such answer`];
  }

  /** Compiles a schema of the spec when first needed (compiling all of them takes seconds). */
  private lazy(schema: unknown): () => ValidateFunction {
    let compiled: ValidateFunction | undefined;
    return () => (compiled ??= this.ajv.compile(rewriteRefs(schema) as object));
  }

  private checkValue(schema: Record<string, unknown>, raw: string): string | undefined {
    const type = schema.type;
    let value: unknown = raw;
    if (type === 'number' || type === 'integer') {
      if (!/^-?\d+(\.\d+)?$/.test(raw)) return `is not a ${type}`;
      value = Number(raw);
    } else if (type === 'boolean') {
      if (raw !== 'true' && raw !== 'false') return 'is not a boolean';
      value = raw === 'true';
    }
    const check = this.ajv.compile(rewriteRefs(schema));
    return check(value) ? undefined : this.ajv.errorsText(check.errors);
  }
}

function resolve(doc: any, ref: string): any {
  return ref.replace(/^#\//, '').split('/').reduce((node, key) => node?.[key], doc);
}

/** `#/components/…` → `spec#/components/…`, so ajv finds them in the schema added as `spec`. */
function rewriteRefs<T>(node: T): T {
  if (Array.isArray(node)) return node.map(rewriteRefs) as T;
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `spec${v}` : rewriteRefs(v);
    return out as T;
  }
  return node;
}
