// A fake plex.tv (PINs, accounts, resources, who a server is shared with) and a fake app.plex.tv
// auth page with an Approve button; every JSON answer is checked against the Plex specs.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkAnswer, prepare } from './spec-check.js';

export interface FakePlexAccount {
  id: number;
  username: string;
  email: string;
  token: string;
  title?: string;
}

export interface FakePlexTvOptions {
  /** Everyone who can approve a sign-in on the fake auth page. */
  accounts: FakePlexAccount[];
  /** The server owner's account id. */
  ownerId: number;
  /** The owner's server. */
  server: { name: string; machineIdentifier: string; uri: string; version: string };
  /** Ids of accounts the server is shared with. */
  sharedWith: number[];
  /** Whether a shared user's own /api/v2/resources lists the server (off: only /api/users knows). */
  sharedInResources?: boolean;
  /** Answer /api/users in XML, as the real plex.tv does. */
  usersXml?: boolean;
}

interface Pin {
  id: number;
  code: string;
  clientIdentifier: string;
  createdAt: Date;
  authToken: string | null;
}

export interface FakePlexTv {
  url: string;
  accounts: FakePlexAccount[];
  sharedWith: number[];
  /** Refuses connections (plex.tv down). */
  down: boolean;
  /** Requests seen, by method and path. */
  hits: Map<string, number>;
  /** Client identifiers that created PINs. */
  clients: Set<string>;
  /** Every X-Plex-Product header seen. */
  products: Set<string>;
  pins: Map<number, Pin>;
  /** Approves the PIN with `code` as `accountId` (what the Approve button does). */
  approve(code: string, accountId: number): boolean;
  /** Makes a PIN expire (plex.tv then answers 404 for it). */
  expire(code: string): void;
  revoke(token: string): void;
  close(): Promise<void>;
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const location = { code: 'NL', european_union_member: true, continent_code: 'EU', country: 'The Netherlands', city: 'Utrecht', time_zone: 'Europe/Amsterdam', postal_code: '3511', in_privacy_restricted_country: true, in_privacy_restricted_region: true, subdivisions: 'Utrecht', coordinates: '52.09, 5.12' };

export async function startFakePlexTv(options: FakePlexTvOptions): Promise<FakePlexTv> {
  prepare([['legacy', '/pins', 'post', 201], ['legacy', '/pins/{pinID}', 'get', 200], ['current', '/user', 'get', 200], ['current', '/resources', 'get', 200], ['current', '/users', 'get', 200]]);
  let nextPin = 370000000;
  const revoked = new Set<string>();
  const state: FakePlexTv = {
    url: '',
    accounts: options.accounts,
    sharedWith: options.sharedWith,
    down: false,
    hits: new Map(),
    clients: new Set(),
    products: new Set(),
    pins: new Map(),
    approve(code, accountId) {
      const pin = [...state.pins.values()].find((p) => p.code === code);
      const account = state.accounts.find((a) => a.id === accountId);
      if (!pin || !account) return false;
      pin.authToken = account.token;
      return true;
    },
    expire(code) {
      for (const [id, p] of state.pins) if (p.code === code) state.pins.delete(id);
    },
    revoke(token) {
      revoked.add(token);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  const json = (res: ServerResponse, status: number, body: unknown, spec?: { name: 'current' | 'legacy'; path: string; method: string }) => {
    if (spec) checkAnswer(spec.name, spec.path, spec.method, status, body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const unauthorized = (res: ServerResponse) => json(res, 401, { errors: [{ code: 1001, message: 'User could not be authenticated', status: 401 }] });
  const pinBody = (p: Pin) => ({
    id: p.id, code: p.code, product: 'MediaNest', trusted: false, qr: `${state.url}/api/v2/pins/qr/${p.code}`, clientIdentifier: p.clientIdentifier, location,
    expiresIn: Math.max(0, 900 - Math.round((Date.now() - p.createdAt.getTime()) / 1000)), createdAt: iso(p.createdAt), expiresAt: iso(new Date(p.createdAt.getTime() + 900_000)), authToken: p.authToken, newRegistration: null,
  });
  const accountOf = (req: IncomingMessage) => {
    const token = req.headers['x-plex-token'] as string | undefined;
    return token && !revoked.has(token) ? state.accounts.find((a) => a.token === token) : undefined;
  };
  const resource = (account: FakePlexAccount) => ({
    name: options.server.name, product: 'Plex Media Server', productVersion: options.server.version, platform: 'Linux', platformVersion: '6.8.0', device: 'PC',
    clientIdentifier: options.server.machineIdentifier, createdAt: '2024-03-01T10:00:00Z', lastSeenAt: iso(new Date()), provides: 'server',
    ownerId: account.id === options.ownerId ? null : options.ownerId, sourceTitle: account.id === options.ownerId ? null : 'owner', publicAddress: '203.0.113.7',
    accessToken: `server-token-for-${account.id}`, owned: account.id === options.ownerId, home: false, synced: false, relay: true, presence: true, httpsRequired: false,
    publicAddressMatches: true, dnsRebindingProtection: false, natLoopbackSupported: true,
    connections: [
      { protocol: 'http', address: '127.0.0.1', port: Number(new URL(options.server.uri).port), uri: options.server.uri, local: true, relay: false, IPv6: false },
      { protocol: 'https', address: '198.51.100.3', port: 8443, uri: 'https://198-51-100-3.0123456789abcdef.plex.direct:8443', local: false, relay: true, IPv6: false },
    ],
  });

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const key = `${req.method} ${url.pathname}`;
    state.hits.set(key, (state.hits.get(key) ?? 0) + 1);
    const product = req.headers['x-plex-product'];
    if (typeof product === 'string') state.products.add(product);
    let m: RegExpMatchArray | null;

    if (key === 'GET /auth/') return authPage(res);
    if (key === 'POST /fake/approve') {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const body = new URLSearchParams(raw);
        const ok = state.approve(body.get('code') ?? '', Number(body.get('account')));
        res.writeHead(ok ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
        res.end(ok ? '<!doctype html><html lang="en"><title>Approved</title><main><h1>You can close this tab</h1><p>MediaNest is now signed in.</p></main></html>' : '<!doctype html><html lang="en"><title>Expired</title><main><h1>This code has expired</h1></main></html>');
      });
      return;
    }
    if (key === 'POST /api/v2/pins') {
      const client = req.headers['x-plex-client-identifier'] as string | undefined;
      if (!client) return json(res, 400, { errors: [{ code: 1000, message: 'X-Plex-Client-Identifier is missing', status: 400 }] });
      state.clients.add(client);
      const strong = url.searchParams.get('strong') === 'true';
      const id = nextPin++;
      const code = strong ? `${id.toString(36)}${Math.random().toString(36).slice(2, 14)}`.slice(0, 25) : id.toString(36).slice(-4).toUpperCase();
      const pin: Pin = { id, code, clientIdentifier: client, createdAt: new Date(), authToken: null };
      state.pins.set(id, pin);
      return json(res, 201, pinBody(pin), { name: 'legacy', path: '/pins', method: 'post' });
    }
    if (req.method === 'GET' && (m = url.pathname.match(/^\/api\/v2\/pins\/(\d+)$/))) {
      const pin = state.pins.get(Number(m[1]));
      if (!pin) return json(res, 404, { errors: [{ code: 1020, message: 'Code not found or expired', status: 404 }] });
      return json(res, 200, pinBody(pin), { name: 'legacy', path: '/pins/{pinID}', method: 'get' });
    }
    const account = accountOf(req);
    if (key === 'GET /api/v2/user') {
      if (!account) return unauthorized(res);
      const body = {
        id: account.id, uuid: `uuid-${account.id}`, username: account.username, title: account.title ?? account.username, email: account.email, friendlyName: account.title ?? account.username,
        thumb: `https://plex.tv/users/${account.id}/avatar?c=1`, authToken: account.token, hasPassword: true, joinedAt: 1556281940, twoFactorEnabled: false, locale: null, mailingListStatus: 'active',
        subscription: { active: false, subscribedAt: null, status: 'Inactive', paymentService: null, plan: null, features: [] }, restricted: false, home: false, homeAdmin: false, homeSize: 1, maxHomeSize: 15, protected: false,
        rememberExpiresAt: 1556281940, scrobbleTypes: '', services: [], confirmed: true, country: 'NL', emailOnlyAuth: false, experimentalFeatures: false, guest: false, mailingListActive: false, anonymous: false,
        adsConsent: null, adsConsentReminderAt: null, adsConsentSetAt: null, attributionPartner: null, backupCodesCreated: false, entitlements: [], roles: [], pin: '', profile: { autoSelectAudio: true, defaultAudioLanguage: 'en', defaultSubtitleLanguage: 'en', autoSelectSubtitle: 0, defaultSubtitleAccessibility: 0, defaultSubtitleForced: 0, watchedIndicator: 1, mediaReviewsVisibility: 0 },
      };
      return json(res, 200, body, { name: 'current', path: '/user', method: 'get' });
    }
    if (key === 'GET /api/v2/resources') {
      if (!account) return unauthorized(res);
      const reaches = account.id === options.ownerId || (state.sharedWith.includes(account.id) && options.sharedInResources !== false);
      return json(res, 200, reaches ? [resource(account)] : [], { name: 'current', path: '/resources', method: 'get' });
    }
    if (key === 'GET /api/users') {
      if (!account || account.id !== options.ownerId) return unauthorized(res);
      const friends = state.accounts.filter((a) => a.id !== options.ownerId && state.sharedWith.includes(a.id));
      if (options.usersXml) {
        res.writeHead(200, { 'content-type': 'application/xml' });
        const users = friends.map((f) => `<User id="${f.id}" title="${f.username}" username="${f.username}" email="${f.email}" thumb="" protected="0" home="0" allowTuners="0" allowSync="1" allowCameraUpload="0" allowChannels="0" allowSubtitleAdmin="0" restricted="0"><Server id="1" serverId="1" machineIdentifier="${options.server.machineIdentifier}" name="${options.server.name}" lastSeenAt="1764620000" numLibraries="3" allLibraries="1" owned="0" pending="0"/></User>`);
        return res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<MediaContainer friendlyName="myPlex" identifier="com.plexapp.plugins.myplex" machineIdentifier="x" totalSize="${friends.length}" size="${friends.length}">${users.join('')}</MediaContainer>`);
      }
      const body = {
        MediaContainer: {
          friendlyName: 'myPlex', identifier: 'com.plexapp.plugins.myplex', machineIdentifier: 'owner-account-machine', totalSize: friends.length, size: friends.length,
          User: friends.map((f) => ({
            id: f.id, title: f.username, username: f.username, email: f.email, recommendationsPlaylistId: null, thumb: `https://plex.tv/users/${f.id}/avatar?c=1`, protected: 0, home: 0, allowTuners: 0, allowSync: 1, allowCameraUpload: 0, allowChannels: 0, allowSubtitleAdmin: 0, filterAll: '', filterMovies: '', filterMusic: '', filterPhotos: '', filterTelevision: '', restricted: 0,
            Server: [{ id: 1, serverId: 1, machineIdentifier: options.server.machineIdentifier, name: options.server.name, lastSeenAt: 1764620000, numLibraries: 3, allLibraries: 1, owned: 0, pending: 0 }],
          })),
        },
      };
      return json(res, 200, body, { name: 'current', path: '/users', method: 'get' });
    }
    if (key === 'GET /api/v2/ping') {
      if (!account) return unauthorized(res);
      return json(res, 200, { pong: true });
    }
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<html><body>Not Found</body></html>');
  };

  // app.plex.tv/auth/#!?clientID=…&code=…: pick who you are, press Approve.
  const authPage = (res: ServerResponse) => {
    const options = state.accounts.map((a) => `<option value="${a.id}">${a.username}</option>`).join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plex (fake)</title></head><body><main>
<h1>Sign in to Plex</h1><p id="app">An app asks to use your Plex account.</p>
<form method="post" action="/fake/approve"><input type="hidden" name="code" id="code">
<label>Signed in to Plex as <select name="account" id="account">${options}</select></label>
<button type="submit" id="approve">Approve</button></form></main>
<script>const p = new URLSearchParams(location.hash.replace(/^#!?\\??/, '')); document.getElementById('code').value = p.get('code') || '';
document.getElementById('app').textContent = (p.get('context[device][product]') || 'An app') + ' asks to use your Plex account.';</script></body></html>`);
  };

  const server: Server = createServer((req, res) => {
    if (state.down) return void req.socket.destroy();
    try {
      handle(req, res);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end((err as Error).message);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
