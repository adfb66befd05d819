import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCore, type TestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';
import { csrfHeaders, rawRequest, type RawResponse } from './support/raw-http.js';

// Every route of the OpenAPI document, core and plugin, gets malformed input of every kind we know
// of; not one answer may be a 5xx. Bounded to about 2,000 requests so it stays a test, not a soak.
const test = suite<{ t: TestCore; admin: string }>('fuzzing every route of the OpenAPI document');

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { hello: { path: fixturePlugin('hello') } } });
  ctx.admin = await ctx.t.sessionCookie('admin', { id: 'fuzz-admin', name: 'Fuzz' });
});
test.after(async (ctx) => ctx.t?.stop());

const PARAMS = ['x', '..%2F..%2Fetc%2Fpasswd', '..', '%00', 'a%00b', '99999999999999999999', '-1', '1e400', '%F0%9F%98%80', '__proto__', 'constructor', '%ED%A0%80', 'x'.repeat(300)];
const QUERY_VALUES = ['%00', '99999999999999999999', '-99999999999999999999', '1e400', 'NaN', '__proto__', '%ED%A0%80', '..%2F..', 'x'.repeat(5000)];
const BROKEN = ['{"a":', '{a:1}', '[1,2', 'null', '"text"', '12', 'true', '\u0000', '{"x":"\\u0000"}', '{"x":"\\ud800"}', '{"\\udfff":1}', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '['.repeat(100) + ']'.repeat(100), '{"a":' + '{"a":'.repeat(60) + '1' + '}'.repeat(61)];
const WRONG: unknown[] = [null, 1e308, -1e308, 99999999999999999999, true, [], {}, 'x'.repeat(10_000), 'a\u0000b', '\ud800', { __proto__: null, x: 1 }, [[[[[]]]]]];

type Op = { method: string; path: string; params: string[]; query: string[]; body?: any };

function operations(doc: any): Op[] {
  const ops: Op[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const parameters = (op.parameters ?? []) as Array<{ name: string; in: string }>;
      ops.push({
        method: method.toUpperCase(),
        path,
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

const fill = (path: string, value: string) => path.replace(/\{[^}]+\}/g, value);

/** The requests for one operation: bad parameters, bad queries, broken and mistyped bodies, odd methods. */
function requests(op: Op): Array<{ method: string; path: string; body?: string }> {
  const out: Array<{ method: string; path: string; body?: string }> = [];
  const base = fill(op.path, 'x');
  for (const v of op.params.length ? PARAMS : []) out.push({ method: op.method, path: fill(op.path, v), body: op.body ? '{}' : undefined });
  for (const name of op.query) for (const v of QUERY_VALUES) out.push({ method: op.method, path: `${base}?${name}=${v}&${name}=2` });
  if (op.method !== 'GET' && op.method !== 'DELETE') {
    for (const b of BROKEN) out.push({ method: op.method, path: base, body: b });
    for (const key of Object.keys(op.body?.properties ?? { field: 1 })) {
      for (const w of WRONG) out.push({ method: op.method, path: base, body: JSON.stringify({ [key]: w }) });
    }
    out.push({ method: op.method, path: base, body: JSON.stringify({ x: 'y'.repeat(1024 * 1024 + 1) }) });
  }
  for (const m of ['TRACE', 'PROPFIND', 'OPTIONS', 'PATCH', 'DELETE']) if (m !== op.method) out.push({ method: m, path: base });
  return out;
}

test('no input of any kind makes any route answer 5xx, and nothing is polluted', async ({ t, admin }) => {
  const doc = (await t.request('/api/openapi.json')).body;
  // Signing out would end the admin session the rest of the run needs.
  const ops = operations(doc).filter((o) => o.path !== '/api/auth/logout');
  assert.ok(ops.length > 30, `${ops.length} operations`);
  const all = ops.flatMap((op) => requests(op).map((r) => ({ ...r, who: op.path.startsWith('/api/admin') ? admin : '' })));
  // Half the requests anonymous, half as an admin, so validation is reached past the auth check.
  const plan = all.map((r, i) => ({ ...r, who: i % 2 ? admin : r.who }));
  const bounded = plan.length > 2200 ? plan.filter((_, i) => i % Math.ceil(plan.length / 2200) === 0) : plan;

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 25);
  const failures: string[] = [];
  let next = 0;
  let sent = 0;
  const asAdmin = await csrfHeaders(admin);
  const asNobody = await csrfHeaders('');
  let refusedForCsrf = 0;
  const worker = async () => {
    while (next < bounded.length) {
      const r = bounded[next++]!;
      const headers: Record<string, string> = { ...(r.who ? asAdmin : asNobody) };
      if (r.body !== undefined) headers['content-type'] = 'application/json';
      let res: RawResponse;
      try {
        res = await rawRequest(t.url, r.method, r.path, headers, r.body);
      } catch (err) {
        failures.push(`${r.method} ${r.path}: no answer (${(err as Error).message})`);
        continue;
      }
      sent++;
      if (res.status === 403 && /CSRF/.test(res.text)) refusedForCsrf++;
      if (res.status >= 500) failures.push(`${r.method} ${r.path} ${String(r.body ?? '').slice(0, 80)} → ${res.status} ${res.text.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  clearInterval(sampler);
  console.log(`  fuzz: ${sent} requests over ${ops.length} operations, ${failures.length} answered 5xx; peak RSS of the test process (portal included) ${Math.round(peakRss / 2 ** 20)} MB`);
  assert.equal(failures.slice(0, 20), [], `${failures.length} answers were 5xx`);
  assert.ok(sent > 1000, `only ${sent} requests`);
  assert.is(refusedForCsrf, 0, 'every request reached the route (the CSRF pair is right)');
  assert.is(({} as any).polluted, undefined, 'Object.prototype untouched');
  assert.is((await t.request('/api/health')).status, 200);
});

test.run();
