// The files `medianest plugins new <id>` writes: a plugin that builds and passes its own test as it is.

/** What the template is filled in with. */
export interface PluginTemplateInput {
  id: string;
  displayName: string;
  sdkVersion: string;
  coreVersion: string;
}

/** Path (relative to the new folder) → file content. */
export function pluginTemplate({ id, displayName, sdkVersion, coreVersion }: PluginTemplateInput): Record<string, string> {
  const tag = `mn-${id}-hello`;
  const sdkRange = `^${sdkVersion}`;
  const pkg = {
    name: `medianest-plugin-${id}`,
    version: '0.1.0',
    description: `${displayName}: a MediaNest plugin.`,
    type: 'module',
    license: 'MIT',
    keywords: ['medianest-plugin'],
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: { '.': './dist/index.js', './package.json': './package.json' },
    files: ['dist', '!dist/test', 'ui', 'README.md'],
    engines: { node: '>=24', medianest: sdkRange },
    medianest: { id, displayName, description: `What ${displayName} does, in one line.`, permissions: [] },
    scripts: {
      build: 'tsc -p .',
      test: "npm run build && uvu dist/test '\\.test\\.js$'",
      prepack: 'npm run build',
    },
    dependencies: { '@medianest/sdk': sdkRange },
    devDependencies: {
      '@medianest/core': `^${coreVersion}`,
      '@types/node': '24.19.2',
      'socket.io-client': '4.8.4',
      typescript: '7.0.2',
      uvu: '0.5.6',
    },
  };
  return {
    'package.json': JSON.stringify(pkg, null, 2) + '\n',
    'tsconfig.json': JSON.stringify(
      {
        compilerOptions: {
          target: 'es2023',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          lib: ['es2023'],
          strict: true,
          declaration: true,
          sourceMap: true,
          skipLibCheck: true,
          types: ['node'],
          rootDir: 'src',
          outDir: 'dist',
        },
        include: ['src'],
      },
      null,
      2,
    ) + '\n',
    '.gitignore': 'node_modules/\ndist/\n*.tgz\n',
    'src/index.ts': indexTs(id, displayName, tag),
    'src/test/plugin.test.ts': testTs(id, tag),
    [`ui/hello-widget.js`]: widgetJs(id, tag),
    'README.md': readme(id, displayName, sdkRange),
    'CHANGELOG.md': `# Changelog\n\n## 0.1.0\n\n- First version: a greeting route, a repeating tick sent live to signed-in browsers, a dashboard widget and a health check.\n`,
  };
}

function indexTs(id: string, displayName: string, tag: string): string {
  return `import { definePlugin, duration, toMs } from '@medianest/sdk';

/** Settings in plugins.json under plugins.${id}.config. */
export interface Config {
  /** The greeting the route and the widget show. */
  greeting: string;
  /** How often the tick is sent to open dashboards. */
  interval: string;
}

const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    greeting: {
      type: 'string',
      title: 'Greeting',
      description: 'What the widget says to everyone who signs in.',
      minLength: 1,
      maxLength: 80,
      default: 'Hello from ${displayName}',
    },
    interval: { ...duration({ default: '10s', minMs: 1000 }), title: 'Tick every', description: 'How often open dashboards get a fresh tick.' },
  },
};

const helloSchema = {
  type: 'object',
  required: ['greeting', 'ticks'],
  properties: { greeting: { type: 'string' }, ticks: { type: 'integer' } },
};

export default definePlugin<Config>({
  id: '${id}',
  configSchema,
  async register(ctx) {
    const { config } = ctx;

    // GET /api/plugins/${id}/hello, for signed-in people.
    ctx.routes.get('/hello', { auth: 'user', summary: 'The greeting and how many ticks were sent', response: helloSchema }, async () => ({
      greeting: config.greeting,
      ticks: (await ctx.cache.get<number>('ticks')) ?? 0,
    }));

    // Runs once per interval across every MediaNest process, and tells signed-in browsers.
    ctx.jobs.every('tick', config.interval, async () => {
      const ticks = ((await ctx.cache.get<number>('ticks')) ?? 0) + 1;
      await ctx.cache.set('ticks', ticks, toMs(config.interval) * 10);
      ctx.events.toUsers('tick', { ticks, at: new Date().toISOString() });
      return { ticks };
    });

    // Shown on /api/status and the admin page; cut at its timeout.
    ctx.health.check('ticking', async () => {
      const ticks = await ctx.cache.get<number>('ticks');
      if (ticks === undefined || ticks === null) return { degraded: true, detail: 'no tick sent yet' };
      return { detail: \`\${ticks} ticks sent\` };
    }, { timeout: '2s' });

    ctx.ui.widget('${tag}', { module: 'ui/hello-widget.js', title: '${displayName.replace(/'/g, "\\'")}' });
  },
});
`;
}

function testTs(id: string, tag: string): string {
  return `import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { startTestCore, type TestCore } from '@medianest/sdk/testing';

// The plugin's own folder, loaded the way an admin's plugins.json would load it.
const pluginDir = fileURLToPath(new URL('../..', import.meta.url));
const test = suite<{ t: TestCore; socket?: Socket }>('${id} plugin');

test.before(async (ctx) => {
  ctx.t = await startTestCore({ plugins: { '${id}': { path: pluginDir, config: { interval: '1s' } } } });
});
test.after(async (ctx) => {
  ctx.socket?.disconnect();
  await ctx.t?.stop();
});

test('the greeting is for signed-in people only', async ({ t }) => {
  assert.is((await t.request('/api/plugins/${id}/hello')).status, 401);
  const cookie = await t.sessionCookie('user');
  const res = await t.request('/api/plugins/${id}/hello', { cookie });
  assert.is(res.status, 200);
  assert.type(res.body.greeting, 'string');
});

test('the repeating job sends a live tick to a signed-in browser', async (ctx) => {
  const cookie = await ctx.t.sessionCookie('user');
  ctx.socket = io(ctx.t.url, { transports: ['websocket'], extraHeaders: { cookie } });
  const tick: any = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ${id}.tick event within 5 s')), 5000);
    ctx.socket!.on('${id}.tick', (data) => {
      clearTimeout(timer);
      resolve(data);
    });
  });
  assert.ok(tick.ticks >= 1);
});

test('its health check turns up on the status page', async ({ t }) => {
  const admin = await t.sessionCookie('admin');
  const plugin = await t.waitFor(async () => {
    const res = await t.request('/api/admin/plugins', { cookie: admin });
    const p = res.body.plugins.find((x: any) => x.id === '${id}');
    return p?.checks?.some((c: any) => /ticks sent/.test(c.detail ?? '')) ? p : undefined;
  }, 8000, 'a passing health check');
  assert.is(plugin.state, 'running');
});

test('the portal itself is served, so a browser test can open it', async ({ t }) => {
  const page = await t.request('/');
  assert.is(page.status, 200);
  assert.match(page.text, /<html/i);
});

test('its widget is in the UI manifest and its module is served', async ({ t }) => {
  const cookie = await t.sessionCookie('user');
  const manifest = await t.request('/api/ui/manifest', { cookie });
  const widget = manifest.body.widgets.find((w: any) => w.tag === '${tag}');
  assert.ok(widget, 'the widget is listed');
  const js = await t.request(widget.module);
  assert.is(js.status, 200);
  assert.match(js.headers.get('content-type') ?? '', /javascript/);
});

test.run();
`;
}

function widgetJs(id: string, tag: string): string {
  return `import { LitElement, html, css } from 'lit';
import { api, live } from '@medianest/sdk/browser';

/** Dashboard widget: the greeting, and the tick count as it arrives live. */
class HelloWidget extends LitElement {
  static properties = { greeting: { state: true }, ticks: { state: true }, error: { state: true } };
  static styles = css\`
    :host { display: block; }
    p { margin: 0 0 0.25rem; }
    .muted { opacity: 0.75; font-size: 0.9em; }
  \`;

  async connectedCallback() {
    super.connectedCallback();
    this.off = live('${id}.tick', (data) => (this.ticks = data.ticks));
    try {
      const hello = await api('/api/plugins/${id}/hello');
      this.greeting = hello.greeting;
      this.ticks = hello.ticks;
    } catch {
      this.error = "This widget isn't available right now.";
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.off?.();
  }

  render() {
    if (this.error) return html\`<p>\${this.error}</p>\`;
    if (this.greeting === undefined) return html\`<mn-skeleton lines="1"></mn-skeleton>\`;
    return html\`<p>\${this.greeting}</p><p class="muted">\${this.ticks} ticks so far</p>\`;
  }
}
customElements.define('${tag}', HelloWidget);
`;
}

function readme(id: string, displayName: string, sdkRange: string): string {
  return `# ${displayName} (MediaNest plugin \`${id}\`)

A MediaNest plugin written against \`@medianest/sdk\` ${sdkRange}. It has a route
(\`GET /api/plugins/${id}/hello\`), a repeating job that sends \`${id}.tick\` to signed-in browsers, a
dashboard widget and a health check.

## Develop

\`\`\`sh
npm install
npm test        # builds, then boots a real MediaNest core with this plugin (needs PostgreSQL and Redis)
\`\`\`

The test harness reads \`TEST_DATABASE_URL\` (default \`postgres://postgres@127.0.0.1:5432/postgres\`,
where it creates and drops a throwaway database) and \`REDIS_URL\` (default \`redis://127.0.0.1:6379\`).

## Install into a portal

Add it to the portal's \`plugins.json\` (\`path\` is relative to that file), or publish it to npm and use
\`"package": "medianest-plugin-${id}"\`:

\`\`\`json
{ "plugins": { "${id}": { "enabled": true, "path": "../medianest-plugin-${id}", "config": { "greeting": "Hi" } } } }
\`\`\`

## Settings

| Setting | Default | What it does |
|---|---|---|
| \`greeting\` | \`Hello from ${displayName}\` | What the widget says |
| \`interval\` | \`10s\` | How often open dashboards get a tick (at least 1s) |
`;
}
