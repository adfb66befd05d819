// A fake Plex Media Server on 127.0.0.1: the endpoints the plugin uses, every JSON answer checked
// against plex-api-spec.yaml (or the legacy spec for what only it describes).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkAnswer, prepare, type SpecName } from './spec-check.js';
import { solidPng } from './png.js';

export interface FakeItem {
  ratingKey: string;
  title: string;
  titleSort: string;
  type: 'movie' | 'show' | 'episode';
  year: number;
  addedAt: number;
  sectionId: string;
  thumb: string;
}

export interface FakeSession {
  user: { id: string; title: string };
  itemKey: string;
  state: 'playing' | 'paused' | 'buffering';
  viewOffset: number;
  transcode?: { videoDecision: 'transcode' | 'copy'; audioDecision: 'transcode' | 'copy'; sourceVideoCodec: string; videoCodec: string };
  bandwidth: number;
  player: string;
}

export interface FakePmsOptions {
  /** Tokens the server accepts, with the Plex account id each belongs to. */
  tokens: Record<string, number>;
  /** Items per section: { '1': 10000 } makes a 10,000-film library. */
  sizes?: Record<string, number>;
  name?: string;
  machineIdentifier?: string;
  version?: string;
  /** Whether /:/websocket/notifications answers. */
  websocket?: boolean;
}

export interface FakePms {
  url: string;
  machineIdentifier: string;
  name: string;
  /** Requests seen, by path (without query). */
  hits: Map<string, number>;
  /** Every request's path and query, for assertions. */
  log: Array<{ path: string; query: URLSearchParams; token: string | null; start: string | null; size: string | null }>;
  items: FakeItem[];
  sessions: FakeSession[];
  /** Continue-watching per Plex account id. */
  onDeck: Map<number, string[]>;
  /** Answers XML to everything (a too-old server or a proxy dropping Accept). */
  xml: boolean;
  /** Replaces the sessions and pushes a `playing` notification to open sockets. */
  setSessions(sessions: FakeSession[]): void;
  revoke(token: string): void;
  refreshes: Array<{ sectionId: string; path: string | null }>;
  close(): Promise<void>;
}

const SECTIONS = [
  { key: '1', title: 'Films', type: 'movie', path: '/data/media/films' },
  { key: '2', title: 'TV', type: 'show', path: '/data/media/tv' },
  { key: '3', title: 'YouTube', type: 'movie', path: '/data/youtube' },
];
const NAMES = ['Arrival', 'Brick', 'Coherence', 'Dune', 'Enemy', 'Fargo', 'Gattaca', 'Heat', 'Inception', 'Jaws', 'Klute', 'Looper', 'Moon', 'Nope', 'Oldboy', 'Primer', 'Quiz', 'Rocky', 'Solaris', 'Tenet'];

export async function startFakePms(options: FakePmsOptions): Promise<FakePms> {
  prepare([
    ['current', '/identity', 'get', 200], ['legacy', '/library/sections', 'get', 200], ['current', '/library/sections/{sectionId}/all', 'get', 200],
    ['legacy', '/library/sections/{sectionKey}/{tag}', 'get', 200], ['current', '/hubs/continueWatching', 'get', 200], ['current', '/status/sessions', 'get', 200], ['current', '/hubs/search', 'get', 200],
  ]);
  const sizes = options.sizes ?? { '1': 30, '2': 12, '3': 4 };
  const items: FakeItem[] = [];
  let key = 1000;
  for (const s of SECTIONS) {
    for (let i = 0; i < (sizes[s.key] ?? 0); i++) {
      const title = `${NAMES[i % NAMES.length]}${i >= NAMES.length ? ` ${Math.floor(i / NAMES.length) + 1}` : ''}`;
      const rk = String(key++);
      items.push({ ratingKey: rk, title, titleSort: title.toLowerCase(), type: s.type === 'show' ? 'show' : 'movie', year: 1970 + (i % 55), addedAt: 1_700_000_000 + i * 60, sectionId: s.key, thumb: `/library/metadata/${rk}/thumb/1700000000` });
    }
  }
  const tokens = new Map(Object.entries(options.tokens));
  const machineIdentifier = options.machineIdentifier ?? 'f4k3m4ch1n3id0000000000000000000000000001';
  const name = options.name ?? 'Living Room';
  const version = options.version ?? '1.41.3.9314-a0bfb8370';
  const sockets = new Set<WebSocket>();

  const state: FakePms = {
    url: '',
    machineIdentifier,
    name,
    hits: new Map(),
    log: [],
    items,
    sessions: [],
    onDeck: new Map(),
    xml: false,
    refreshes: [],
    setSessions(next) {
      state.sessions = next;
      const note = { NotificationContainer: { type: 'playing', size: next.length, PlaySessionStateNotification: next.map((s) => ({ sessionKey: s.itemKey, state: s.state, viewOffset: s.viewOffset, ratingKey: s.itemKey })) } };
      for (const ws of sockets) ws.send(JSON.stringify(note));
    },
    revoke(token) {
      tokens.delete(token);
    },
    close: async () => {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  const metadata = (it: FakeItem) => ({
    ratingKey: it.ratingKey, key: `/library/metadata/${it.ratingKey}`, guid: `plex://movie/${it.ratingKey}`, type: it.type, title: it.title, titleSort: it.titleSort,
    year: it.year, addedAt: it.addedAt, thumb: it.thumb, librarySectionID: Number(it.sectionId), librarySectionTitle: SECTIONS.find((s) => s.key === it.sectionId)!.title, duration: 6_000_000,
  });

  const send = (res: ServerResponse, specName: SpecName, specPath: string, body: unknown, headers: Record<string, string> = {}) => {
    checkAnswer(specName, specPath, 'get', 200, body, process.env.PLEX_FAKE_ALL_ERRORS === '1');
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    state.hits.set(path, (state.hits.get(path) ?? 0) + 1);
    const token = (req.headers['x-plex-token'] as string | undefined) ?? url.searchParams.get('X-Plex-Token');
    state.log.push({ path, query: url.searchParams, token, start: (req.headers['x-plex-container-start'] as string | undefined) ?? null, size: (req.headers['x-plex-container-size'] as string | undefined) ?? null });
    if (state.xml) {
      res.writeHead(200, { 'content-type': 'text/xml;charset=utf-8' });
      return res.end('<?xml version="1.0" encoding="UTF-8"?>\n<MediaContainer size="0"></MediaContainer>');
    }
    if (path === '/identity') return send(res, 'current', '/identity', { MediaContainer: { size: 0, claimed: true, machineIdentifier, version } });
    const account = token ? tokens.get(token) : undefined;
    if (account === undefined) {
      res.writeHead(401, { 'content-type': 'text/html' });
      return res.end('<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>');
    }
    const start = Number(req.headers['x-plex-container-start'] ?? url.searchParams.get('X-Plex-Container-Start') ?? 0);
    const size = Number(req.headers['x-plex-container-size'] ?? url.searchParams.get('X-Plex-Container-Size') ?? 50);
    let m: RegExpMatchArray | null;
    if (path === '/') {
      // No spec describes GET / as JSON: its shape follows what real servers send (friendlyName, version, machineIdentifier).
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ MediaContainer: { size: 0, friendlyName: name, machineIdentifier, version, myPlex: true } }));
    }
    if (path === '/library/sections') {
      const Directory = SECTIONS.map((s, i) => ({ allowSync: true, art: '/:/resources/movie-fanart.jpg', composite: `/library/sections/${s.key}/composite/1700000000`, filters: true, refreshing: false, thumb: '/:/resources/movie.png', key: s.key, title: s.title, type: s.type, agent: 'tv.plex.agents.movie', scanner: 'Plex Movie', language: 'en-US', uuid: `0000000${i}-ef48-4aba-bb19-01e7d3cc34d6`, updatedAt: 1700000000, createdAt: 1600000000, scannedAt: 1700000000, content: true, directory: true, contentChangedAt: 1, hidden: 0, Location: [{ id: i + 1, path: s.path }] }));
      return send(res, 'legacy', '/library/sections', { MediaContainer: { size: Directory.length, allowSync: false, title1: 'Plex Library', Directory } });
    }
    if ((m = path.match(/^\/library\/sections\/(\d+)\//)) && !SECTIONS.some((s) => s.key === m![1])) {
      res.writeHead(404, { 'content-type': 'text/html' });
      return res.end('<html><body>Not Found</body></html>');
    }
    if ((m = path.match(/^\/library\/sections\/(\d+)\/all$/))) {
      const sort = url.searchParams.get('sort') ?? 'titleSort';
      const [field, dir] = sort.split(':');
      const inSection = items.filter((i) => i.sectionId === m![1]);
      const sorted = field === 'addedAt' ? [...inSection].sort((a, b) => a.addedAt - b.addedAt) : field === 'year' ? [...inSection].sort((a, b) => a.year - b.year || a.titleSort.localeCompare(b.titleSort)) : [...inSection].sort((a, b) => a.titleSort.localeCompare(b.titleSort));
      if (dir === 'desc') sorted.reverse();
      const page = sorted.slice(start, start + size).map(metadata);
      return send(res, 'current', '/library/sections/{sectionId}/all', { MediaContainer: { size: page.length, totalSize: inSection.length, offset: start, identifier: 'com.plexapp.plugins.library', Metadata: page } }, { 'X-Plex-Container-Start': String(start), 'X-Plex-Container-Total-Size': String(inSection.length) });
    }
    if ((m = path.match(/^\/library\/sections\/(\d+)\/recentlyAdded$/))) {
      const section = SECTIONS.find((s) => s.key === m![1]);
      const all = items.filter((i) => i.sectionId === m![1]);
      const page = all.sort((a, b) => b.addedAt - a.addedAt).slice(0, size).map((it) => ({ ...metadata(it), slug: it.titleSort.replace(/\s+/g, '-'), studio: 'Studio', contentRating: 'PG', summary: 'A film.', rating: 7, audienceRating: 7, viewCount: 0, tagline: '', originallyAvailableAt: `${it.year}-01-01`, updatedAt: it.addedAt, art: `/library/metadata/${it.ratingKey}/art/1700000000`, chapterSource: 'media', primaryExtraKey: '', ratingImage: '', audienceRatingImage: '', banner: '', childCount: 0, index: 1, seasonCount: 0, theme: '' }));
      const container = { size: page.length, totalSize: all.length, offset: 0, content: 'secondary', allowSync: true, nocache: true, art: '/:/resources/movie-fanart.jpg', identifier: 'com.plexapp.plugins.library', librarySectionID: Number(m[1]), librarySectionTitle: section?.title ?? '', librarySectionUUID: `0000000${m[1]}-ef48-4aba-bb19-01e7d3cc34d6`, mediaTagPrefix: '/system/bundle/media/flags/', mediaTagVersion: 1700000000, thumb: '/:/resources/movie.png', title1: section?.title ?? '', title2: 'Recently Added', viewGroup: 'movie', Metadata: page };
      return send(res, 'legacy', '/library/sections/{sectionKey}/{tag}', { MediaContainer: container });
    }
    if ((m = path.match(/^\/library\/sections\/(\d+)\/refresh$/)) && req.method === 'POST') {
      state.refreshes.push({ sectionId: m[1]!, path: url.searchParams.get('path') });
      res.writeHead(200);
      return res.end();
    }
    if (path === '/hubs/continueWatching') {
      const keys = state.onDeck.get(account) ?? [];
      const Metadata = keys.map((k) => items.find((i) => i.ratingKey === k)).filter((i): i is FakeItem => !!i).map((i) => ({ ...metadata(i), viewOffset: 1_800_000 }));
      return send(res, 'current', '/hubs/continueWatching', { MediaContainer: { size: 1, Hub: [{ title: 'Continue Watching', type: 'mixed', hubIdentifier: 'continueWatching', key: '/hubs/continueWatching/items', size: Metadata.length, Metadata }] } });
    }
    if (path === '/status/sessions') {
      const Metadata = state.sessions.map((s, n) => {
        const it = items.find((i) => i.ratingKey === s.itemKey)!;
        return {
          ...metadata(it), sessionKey: String(n + 1), viewOffset: s.viewOffset,
          User: { id: s.user.id, title: s.user.title, thumb: `https://plex.tv/users/${s.user.id}/avatar` },
          Player: { title: s.player, product: 'Plex Web', platform: 'Chrome', state: s.state, local: true, userID: Number(s.user.id) },
          Session: { id: `session-${n + 1}`, bandwidth: s.bandwidth, location: 'lan' },
          Media: [{ id: n + 1, bitrate: 8000, videoResolution: '1080', container: 'mkv', Part: [{ id: n + 1, key: `/library/parts/${n + 1}/file.mkv`, decision: s.transcode ? 'transcode' : 'directplay' }] }],
          ...(s.transcode ? { TranscodeSession: { key: `/transcode/sessions/${n}`, progress: 42.5, speed: 2.1, throttled: false, transcodeHwRequested: false, ...s.transcode } } : {}),
        };
      });
      return send(res, 'current', '/status/sessions', { MediaContainer: { size: Metadata.length, Metadata } });
    }
    if (path === '/hubs/search') {
      const q = (url.searchParams.get('query') ?? '').toLowerCase();
      const limit = Number(url.searchParams.get('limit') ?? 3);
      const Hub = SECTIONS.filter((s) => s.type === 'movie' || s.type === 'show').map((s) => {
        const found = items.filter((i) => i.sectionId === s.key && i.titleSort.includes(q)).slice(0, limit).map(metadata);
        return { title: s.title, type: s.type, hubIdentifier: `${s.type}.${s.key}`, context: 'hub.search', size: found.length, Metadata: found };
      });
      return send(res, 'current', '/hubs/search', { MediaContainer: { size: Hub.length, Hub } });
    }
    if (path === '/photo/:/transcode') {
      const w = Math.min(Number(url.searchParams.get('width') ?? 100), 2000);
      const h = Math.min(Number(url.searchParams.get('height') ?? 150), 3000);
      const source = url.searchParams.get('url') ?? '';
      if (!/^\/library\/metadata\/\d+\/(thumb|art)\/\d+$/.test(source)) {
        res.writeHead(404, { 'content-type': 'text/html' });
        return res.end('<html><body>Not Found</body></html>');
      }
      res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-cache' });
      return res.end(solidPng(w, h));
    }
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<html><body>Not Found</body></html>');
  };

  const server: Server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end((err as Error).message);
    }
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const token = url.searchParams.get('X-Plex-Token') ?? (req.headers['x-plex-token'] as string | undefined);
    state.hits.set(url.pathname, (state.hits.get(url.pathname) ?? 0) + 1);
    if (options.websocket === false || url.pathname !== '/:/websocket/notifications' || !token || !tokens.has(token)) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
