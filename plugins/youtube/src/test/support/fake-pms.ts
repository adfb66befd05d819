// A fake Plex Media Server speaking what reference/plex-api-spec*.yaml say for the two calls the
// YouTube plugin causes: the library sections (with their folders) and a partial refresh.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Refresh {
  sectionId: string;
  path: string | null;
  token: string | null;
  method: string;
}

export class FakePms {
  readonly refreshes: Refresh[] = [];
  private constructor(private readonly server: Server, readonly url: string, readonly token: string) {}

  static async start(sections: Array<{ key: string; title: string; type: string; paths: string[] }>, token = 'pms-token-1234'): Promise<FakePms> {
    let self: FakePms;
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://pms');
      if (req.headers['x-plex-token'] !== token) {
        res.writeHead(401).end();
        return;
      }
      if (req.method === 'GET' && url.pathname === '/library/sections') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ MediaContainer: { size: sections.length, allowSync: false, title1: 'Plex Library', Directory: sections.map((s) => ({ key: s.key, title: s.title, type: s.type, agent: 'tv.plex.agents.none', scanner: 'Plex Series Scanner', Location: s.paths.map((path, i) => ({ id: i + 1, path })) })) } }));
        return;
      }
      const refresh = /^\/library\/sections\/(\d+)\/refresh$/.exec(url.pathname);
      if (refresh && (req.method === 'POST' || req.method === 'GET')) {
        self.refreshes.push({ sectionId: refresh[1]!, path: url.searchParams.get('path'), token: String(req.headers['x-plex-token']), method: req.method });
        res.writeHead(200).end();
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    self = new FakePms(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token);
    return self;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}
