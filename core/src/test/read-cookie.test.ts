import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readCookie } from '../auth/sessions.js';

test('a cookie is read by its exact name wherever it sits in the header', () => {
  const header = 'xmn_session=other; mn_session=abc-123 ; mn_csrf=tok;theme=dark';
  assert.is(readCookie(header, 'mn_session'), 'abc-123');
  assert.is(readCookie(header, 'mn_csrf'), 'tok');
  assert.is(readCookie(header, 'theme'), 'dark');
  assert.is(readCookie(header, 'xmn_session'), 'other');
  assert.is(readCookie(header, 'session'), undefined);
  assert.is(readCookie('', 'mn_session'), undefined);
  assert.is(readCookie('mn_session', 'mn_session'), undefined, 'a name without a value');
  assert.is(readCookie('flag; mn_session=v', 'mn_session'), 'v', 'after a part without "="');
});

test('percent-escapes are decoded, and garbled ones read as no cookie', () => {
  assert.is(readCookie('a=1; name=J%C3%BCrgen%20K', 'name'), 'Jürgen K');
  assert.is(readCookie('name=%E0%A4%A', 'name'), undefined);
  assert.is(readCookie('name=a=b', 'name'), 'a=b', 'an "=" inside the value stays');
  assert.is(readCookie('name=first; name=second', 'name'), 'first', 'the first of two');
});

test.run();
