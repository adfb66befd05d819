// A local web server with media the tests make with the real ffmpeg: a direct .mp4, an HTML page
// with a <video> (yt-dlp's generic extractor), a page with several videos (a playlist to it), and
// slow copies sent at a set rate. Ranges are honoured, so a resumed download can be seen.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';

const run = promisify(execFile);

/** Makes a small mp4 (h264 + aac) of `seconds`; `noise` makes it big for its length (for slow downloads). */
export async function makeVideo(file: string, seconds: number, opts: { size?: string; noise?: boolean; tone?: number } = {}): Promise<void> {
  const video = opts.noise ? `nullsrc=size=${opts.size ?? '320x240'}:rate=25:duration=${seconds},geq=random(1)*255:128:128` : `testsrc=size=${opts.size ?? '160x120'}:rate=10:duration=${seconds}`;
  await run('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', video, '-f', 'lavfi', '-i', `sine=frequency=${opts.tone ?? 440}:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', ...(opts.noise ? ['-crf', '0'] : []), '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '32k', '-shortest', '-movflags', '+faststart', file]);
}

export interface Hit {
  path: string;
  range: string | null;
}

export class MediaServer {
  readonly hits: Hit[] = [];
  /** Bytes per second for paths under /slow/ (changeable during a test). */
  slowRate = 64 * 1024;
  private pages = new Map<string, string>();

  private constructor(private readonly server: Server, readonly dir: string, readonly url: string) {}

  static async start(): Promise<MediaServer> {
    const dir = await mkdtemp(join(tmpdir(), 'medianest-media-'));
    await Promise.all([
      makeVideo(join(dir, 'clip.mp4'), 2),
      makeVideo(join(dir, 'other.mp4'), 2, { tone: 660 }),
      makeVideo(join(dir, 'third.mp4'), 1, { tone: 880 }),
      makeVideo(join(dir, 'big.mp4'), 1, { noise: true }),
    ]);
    let self: MediaServer;
    const server = createServer((req, res) => self.handle(req.url ?? '/', req.headers.range ?? null, res).catch(() => res.destroy()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    self = new MediaServer(server, dir, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  /** Serves `html` at `path` (e.g. a page whose title is a path-traversal attempt). */
  page(path: string, html: string): string {
    this.pages.set(path, html);
    return this.url + path;
  }

  /** A page with one <video> and the given title. */
  videoPage(path: string, title: string, video = 'clip.mp4'): string {
    return this.page(path, `<!doctype html><html><head><title>${title}</title></head><body><video src="/media/${video}"></video></body></html>`);
  }

  async size(name: string): Promise<number> {
    return (await readFile(join(this.dir, name))).length;
  }

  async bytes(name: string): Promise<Buffer> {
    return readFile(join(this.dir, name));
  }

  private async handle(url: string, range: string | null, res: import('node:http').ServerResponse): Promise<void> {
    const path = url.split('?')[0]!;
    this.hits.push({ path, range });
    const html = this.pages.get(path);
    if (html !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
      return;
    }
    const m = /^\/(media|slow)\/([a-z]+\.mp4)$/.exec(path);
    if (!m) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const body = await readFile(join(this.dir, m[2]!)).catch(() => null);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    let start = 0;
    const r = range ? /^bytes=(\d+)-$/.exec(range) : null;
    if (r) start = Math.min(Number(r[1]), body.length);
    res.writeHead(r ? 206 : 200, {
      'content-type': 'video/mp4',
      'accept-ranges': 'bytes',
      'content-length': String(body.length - start),
      ...(r ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    if (m[1] === 'media') {
      res.end(body.subarray(start));
      return;
    }
    // Slow: a chunk every 100 ms at `slowRate`.
    let at = start;
    await new Promise<void>((resolve) => {
      const tick = () => {
        if (res.destroyed) return resolve();
        const step = Math.max(1024, Math.round(this.slowRate / 10));
        const chunk = body.subarray(at, at + step);
        at += chunk.length;
        if (at >= body.length) {
          res.end(chunk);
          return resolve();
        }
        res.write(chunk);
        setTimeout(tick, 100);
      };
      res.on('close', () => resolve());
      tick();
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
    await rm(this.dir, { recursive: true, force: true });
  }
}
