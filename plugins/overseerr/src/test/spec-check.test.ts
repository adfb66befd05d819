import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OverseerrSpec } from './support/spec.js';

// The checker the fake uses: it must catch what breaks overseerr-api.yml, or the flow tests prove nothing.
const spec = new OverseerrSpec();
const url = (path: string) => new URL(`http://fake${path}`);
const key = { 'x-api-key': 'k' };

test('a request the spec allows passes', () => {
  assert.equal(spec.checkRequest('POST', url('/api/v1/request'), { ...key, 'x-api-user': '2' }, { mediaType: 'tv', mediaId: 1399, seasons: [1, 2], is4k: true }), []);
  assert.equal(spec.checkRequest('GET', url('/api/v1/request?take=50&skip=0&filter=unavailable&sort=modified'), key, undefined), []);
  assert.equal(spec.checkRequest('GET', url('/api/v1/status'), {}, undefined), [], '/status needs no key');
});

test('wrong method, path, parameter, body or missing key are each caught', () => {
  assert.match(spec.checkRequest('DELETE', url('/api/v1/search'), key, undefined)[0]!, /not an operation/);
  assert.match(spec.checkRequest('GET', url('/api/v1/request?filter=done'), key, undefined)[0]!, /"filter"/);
  assert.match(spec.checkRequest('GET', url('/api/v1/request?page=2'), key, undefined)[0]!, /"page" is not in the spec/);
  assert.match(spec.checkRequest('GET', url('/api/v1/search'), key, undefined)[0]!, /required query parameter "query"/);
  assert.match(spec.checkRequest('POST', url('/api/v1/request'), key, { mediaType: 'film', mediaId: 1 })[0]!, /body/);
  assert.match(spec.checkRequest('POST', url('/api/v1/request'), key, { mediaType: 'movie', mediaId: '603' })[0]!, /body/);
  assert.match(spec.checkRequest('GET', url('/api/v1/request/count'), {}, undefined)[0]!, /no X-Api-Key/);
  assert.match(spec.checkRequest('GET', url('/api/v1/auth/me'), { ...key, 'x-api-user': 'uma' }, undefined)[0]!, /X-Api-User "uma"/);
});

test('answers are checked against the response schema of the operation', () => {
  assert.equal(spec.checkResponse('GET', '/api/v1/request/7', 200, { id: 7, status: 1 }), []);
  assert.match(spec.checkResponse('GET', '/api/v1/request/7', 200, { status: 1 })[0]!, /id/);
  assert.match(spec.checkResponse('GET', '/api/v1/search?query=x', 200, { results: [{ id: 'one' }] })[0]!, /must be number|anyOf/);
  assert.equal(spec.checkResponse('POST', '/api/v1/request', 409, { message: 'Request for this media already exists.' }), []);
  assert.match(spec.checkResponse('GET', '/api/v1/status', 418, {})[0]!, /declares no such answer/);
});

test.run();
