import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { definePlugin } from '../define-plugin.js';
import { BadRequest, HttpError, isHttpError, NotFound, TooManyRequests } from '../errors.js';
import { isReply, reply } from '../reply.js';
import { SDK_VERSION } from '../version.js';

test('definePlugin accepts a well-formed plugin and freezes it', () => {
  const p = definePlugin({ id: 'my-plugin', register() {} });
  assert.is(p.id, 'my-plugin');
  assert.ok(Object.isFrozen(p));
});

test('definePlugin refuses ids that would break namespaces', () => {
  for (const id of ['My', '1abc', 'a', 'has_underscore', 'has.dot', 'x'.repeat(41)]) {
    assert.throws(() => definePlugin({ id, register() {} }), /Invalid plugin id/, id);
  }
});

test('definePlugin refuses a plugin without register()', () => {
  assert.throws(() => definePlugin({ id: 'broken' } as any), /has no register\(ctx\) function/);
});

test('SDK errors carry their status and are recognised across SDK copies by brand', () => {
  const e = new NotFound('No such film');
  assert.is(e.status, 404);
  assert.is(e.message, 'No such film');
  assert.ok(isHttpError(e));
  assert.ok(e instanceof HttpError);
  assert.is(new BadRequest().status, 400);
  assert.equal(new TooManyRequests('slow down', 30).headers, { 'Retry-After': '30' });
  const foreign = Object.assign(new Error('x'), { [Symbol.for('medianest.http-error')]: true, status: 418 });
  assert.ok(isHttpError(foreign));
  assert.not.ok(isHttpError(new Error('plain')));
  assert.not.ok(isHttpError({ status: 400 }));
});

test('reply() carries a status, body and headers', () => {
  const r = reply(201, { id: 1 }, { Location: '/x/1' });
  assert.ok(isReply(r));
  assert.equal([r.status, r.body, r.headers], [201, { id: 1 }, { Location: '/x/1' }]);
  assert.not.ok(isReply({ status: 201 }));
});

test('the SDK reports the version of its package', () => {
  assert.match(SDK_VERSION, /^\d+\.\d+\.\d+/);
});

test.run();
