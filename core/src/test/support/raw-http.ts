import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any;
}

/** One request over node:http, which sends any method (fetch refuses TRACE and friends) and any bytes. */
export function rawRequest(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: { connection: 'close', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: any = text;
        try {
          parsed = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The cookie and header a page signed in with `sessionCookie` ("mn_session=…") sends: its session's CSRF token. */
export async function csrfHeaders(sessionCookie: string): Promise<Record<string, string>> {
  const { csrfFor, CSRF_COOKIE, CSRF_HEADER } = await import('../../auth/csrf.js');
  const id = sessionCookie.slice(sessionCookie.indexOf('=') + 1);
  const token = sessionCookie ? csrfFor(id) : 'anonymous-page-token-0123456789';
  return { cookie: `${sessionCookie ? sessionCookie + '; ' : ''}${CSRF_COOKIE}=${token}`, [CSRF_HEADER]: token };
}
