import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parsePluginsFile } from '../plugins/plugins-file.js';
import { startTestCore } from '../testing.js';
import { fixturePlugin } from './support/fixtures.js';

// JSON keeps the last of two equal keys without a word: the same plugin id listed twice is named.
const test = suite('a plugin id listed twice in plugins.json');

test('is found in the text, strings and nested keys aside', () => {
  const text = '{ "plugins": { "aa": { "enabled": true, "path": "./a", "config": { "aa": 1, "x": "\\"bb\\": {" } }, "bb": { "enabled": true, "path": "./b" }, "aa": { "enabled": true, "path": "./a2" } }, "aa": 1 }';
  const file = parsePluginsFile(text);
  assert.equal(file.duplicates, ['aa']);
  assert.is(file.plugins.aa!.path, './a2');
  assert.is(parsePluginsFile('{ "plugins": { "aa": { "enabled": true, "path": "./a" } } }').duplicates, undefined);
});

test('warns in the log and on the admin page', async () => {
  const lines: any[] = [];
  const { Writable } = await import('node:stream');
  const logStream = new Writable({ write(chunk, _e, done) { for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l)); done(); } });
  const hello = JSON.stringify({ enabled: true, path: fixturePlugin('hello') });
  const t = await startTestCore({ plugins: { hello: { path: fixturePlugin('hello') } }, logStream, logLevel: 'info' });
  try {
    const admin = await t.sessionCookie('admin');
    await t.writePlugins(`{ "plugins": { "hello": ${hello}, "hello": ${hello} } }`);
    const body = await t.waitFor(async () => {
      const res = await t.request('/api/admin/plugins', { cookie: admin });
      return res.body.warnings?.length ? res.body : undefined;
    }, 5000, 'the warning');
    assert.equal(body.warnings, ['plugins.json lists "hello" more than once; only its last entry is used: remove the others']);
    assert.ok(lines.some((l) => l.level === 40 && /lists "hello" more than once/.test(l.msg)));
  } finally {
    await t.stop();
  }
});

test.run();
