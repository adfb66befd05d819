import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import Koa from 'koa';
import { PortalKoa } from '../http/portal-koa.js';

const test = suite('portal koa');

async function serve(app: Koa, run: (base: string) => Promise<void>): Promise<void> {
  const server: Server = createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

/** An app answering /sent itself (as answer.ts does) and leaving every other path to Koa. */
function app(kind: new () => Koa, listeners: number[]): Koa {
  const a = new kind();
  a.silent = true;
  a.use(async (ctx) => {
    listeners.push(ctx.res.listenerCount('finish'));
    if (ctx.path === '/sent') {
      ctx.respond = false;
      ctx.res.writeHead(200, ['Content-Type', 'application/json']);
      ctx.res.end('{"sent":true}');
    } else if (ctx.path === '/created') {
      ctx.status = 201;
      ctx.set('Set-Cookie', 'a=b');
      ctx.body = { made: true };
    } else if (ctx.path === '/stream') {
      ctx.type = 'text/plain';
      ctx.body = Readable.from(['one ', 'two']);
    } else if (ctx.path === '/empty') {
      ctx.status = 204;
    } else if (ctx.path === '/broken') {
      throw new Error('a bug in the pipeline');
    }
  });
  return a;
}

test('an answer the pipeline sent itself leaves the response with only the listeners Node gives it (plain Koa adds on-finished to every one)', async () => {
  const node: number[] = [];
  const plain = createServer((_req, res) => {
    node.push(res.listenerCount('finish'));
    res.end();
  });
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  await (await fetch(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/`)).text();
  plain.closeAllConnections();
  await new Promise((r) => plain.close(r));

  const seen = new Map<string, number[]>();
  for (const kind of [PortalKoa, Koa]) {
    const listeners: number[] = [];
    await serve(app(kind, listeners), async (base) => {
      const res = await fetch(`${base}/sent`);
      assert.equal(res.status, 200);
      assert.equal(await res.json(), { sent: true });
    });
    seen.set(kind.name, listeners);
  }
  assert.equal(seen.get('PortalKoa'), node);
  assert.equal(seen.get('Application'), [node[0]! + 1]);
});

test('every other answer goes through Koa with the status, headers and body the pipeline gave it', async () => {
  await serve(app(PortalKoa, []), async (base) => {
    const created = await fetch(`${base}/created`);
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('set-cookie'), 'a=b');
    assert.equal(await created.json(), { made: true });

    const stream = await fetch(`${base}/stream`);
    assert.equal([stream.status, await stream.text()], [200, 'one two']);

    const empty = await fetch(`${base}/empty`);
    assert.equal([empty.status, await empty.text()], [204, '']);

    const head = await fetch(`${base}/created`, { method: 'HEAD' });
    assert.equal([head.status, head.headers.get('content-length'), await head.text()], [201, '13', '']);

    const nothing = await fetch(`${base}/nowhere`);
    assert.equal([nothing.status, await nothing.text()], [404, 'Not Found']);

    const broken = await fetch(`${base}/broken`);
    assert.equal([broken.status, await broken.text()], [500, 'Internal Server Error']);
  });
});

test.run();
