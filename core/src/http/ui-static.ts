import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Koa from 'koa';
import send from 'koa-send';

export interface UiServerOptions {
  /** The built portal (ui/dist). */
  uiDir: string;
  /** Where a running plugin's files are, and its version. */
  pluginAsset(pluginId: string): { dir: string; version: string } | undefined;
}

const YEAR = 'public, max-age=31536000, immutable';
const PLUGIN_FILE = /^\/plugins\/([a-z][a-z0-9-]{1,39})\/([^/]+)\/(ui\/[A-Za-z0-9_./-]+)$/;

/** CSP hashes ('sha256-…') of the inline scripts in index.html: the import map. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => `sha256-${createHash('sha256').update(m[1]!).digest('base64')}`,
  );
}

/**
 * Serves the portal: index.html (never cached), hashed build files (cached a year), and plugins' UI
 * modules under /plugins/<id>/<version>/ui/… (cached a year: a new version is a new URL).
 */
/** Files of ui/public: the icon, the logo and the web app manifest (phones install the portal from it). */
const PUBLIC_FILES = new Set(['/favicon.svg', '/logo.svg', '/icon-192.png', '/icon-512.png', '/apple-touch-icon.png', '/manifest.webmanifest']);

export function createUiServer(options: UiServerOptions): { middleware: Koa.Middleware; scriptHashes: string[] } {
  const indexFile = join(options.uiDir, 'index.html');
  const html = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : undefined;

  const middleware: Koa.Middleware = async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const path = ctx.path;
    if (path === '/' || path === '/index.html') {
      if (!html) {
        ctx.status = 503;
        ctx.type = 'text/plain';
        ctx.body = `The portal UI is not built (no ${indexFile}): run \`npm run build\`.`;
        return;
      }
      ctx.set('Cache-Control', 'no-cache');
      ctx.type = 'html';
      ctx.body = html;
      return;
    }
    if (path.startsWith('/assets/') || PUBLIC_FILES.has(path)) {
      if (!html) return next();
      await serve(ctx, path.slice(1), options.uiDir, path.startsWith('/assets/') ? YEAR : 'public, max-age=86400');
      return;
    }
    const plugin = PLUGIN_FILE.exec(path);
    if (plugin) {
      const [, id, version, file] = plugin;
      const asset = options.pluginAsset(id!);
      if (!asset || asset.version !== version || file!.split('/').includes('..')) return next();
      await serve(ctx, file!, asset.dir, YEAR);
      return;
    }
    return next();
  };

  return { middleware, scriptHashes: html ? inlineScriptHashes(html) : [] };
}

async function serve(ctx: Koa.Context, file: string, root: string, cacheControl: string): Promise<void> {
  try {
    await send(ctx, file, {
      root,
      brotli: true,
      gzip: true,
      maxage: 0,
      setHeaders: (res) => res.setHeader('Cache-Control', cacheControl),
    });
  } catch (err) {
    if ((err as { status?: number }).status !== 404) throw err;
  }
  if (ctx.body && ctx.path.endsWith('.js')) ctx.type = 'text/javascript';
  if (ctx.body && ctx.path.endsWith('.webmanifest')) ctx.type = 'application/manifest+json';
}
