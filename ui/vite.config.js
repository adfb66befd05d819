// Builds the portal shell, plus one entry per module plugins may import by bare name, and writes an
// import map into index.html so the shell and every plugin share a single copy of each.
import { defineConfig } from 'vite';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bare specifiers plugin modules may import, and what each entry re-exports. */
export const SHARED = {
  lit: 'lit',
  'lit/decorators.js': 'lit/decorators.js',
  'lit/directive.js': 'lit/directive.js',
  'lit/directives/class-map.js': 'lit/directives/class-map.js',
  'lit/directives/if-defined.js': 'lit/directives/if-defined.js',
  'lit/directives/repeat.js': 'lit/directives/repeat.js',
  'lit/directives/style-map.js': 'lit/directives/style-map.js',
  'lit/directives/until.js': 'lit/directives/until.js',
  'lit/directives/when.js': 'lit/directives/when.js',
  '@medianest/sdk/browser': '@medianest/sdk/browser',
};
const VIRTUAL = '\0shared:';
const entryName = (spec) => 'shared-' + spec.replace(/^@/, '').replace(/\.js$/, '').replace(/[^a-z0-9]+/gi, '-');

function sharedModules() {
  return {
    name: 'medianest-shared-modules',
    resolveId(id) {
      if (id.startsWith('shared:')) return '\0' + id;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL)) return;
      const spec = SHARED[id.slice(VIRTUAL.length)];
      return `export * from '${spec}';`;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        if (!bundle) return html;
        const imports = {};
        for (const chunk of Object.values(bundle)) {
          if (chunk.type !== 'chunk' || !chunk.isEntry) continue;
          const spec = Object.keys(SHARED).find((s) => entryName(s) === chunk.name);
          if (spec) imports[spec] = '/' + chunk.fileName;
        }
        return [{ tag: 'script', attrs: { type: 'importmap' }, children: JSON.stringify({ imports }), injectTo: 'head-prepend' }];
      },
    },
  };
}

/**
 * Writes .br and .gz next to each text asset; the core serves them to browsers that accept them.
 * Done once the files are written: in generateBundle, Vite had not yet filled in the preload list of
 * on-demand chunks, so the compressed copies said `__VITE_PRELOAD__` and failed in the browser.
 */
function precompress() {
  return {
    name: 'medianest-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const file of Object.values(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(file.fileName)) continue;
        const source = file.type === 'chunk' ? file.code : file.source;
        if (source.length < 1024) continue;
        const path = join(options.dir, file.fileName);
        writeFileSync(`${path}.br`, brotliCompressSync(source));
        writeFileSync(`${path}.gz`, gzipSync(source, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  plugins: [sharedModules(), precompress()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    manifest: true,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        index: 'index.html',
        ...Object.fromEntries(Object.keys(SHARED).map((spec) => [entryName(spec), `shared:${spec}`])),
      },
      preserveEntrySignatures: 'strict',
      output: { entryFileNames: 'assets/[name]-[hash].js', chunkFileNames: 'assets/[name]-[hash].js' },
    },
  },
});
