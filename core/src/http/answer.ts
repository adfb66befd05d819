import type Koa from 'koa';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * What the pipeline adds to an answer: its own headers (request id, the API's security headers) as
 * flat name, value pairs, and a route's JSON text. They are held here rather than set one by one:
 * Node's setHeader checks, lowercases and files each header, and with Koa's own bookkeeping that was
 * a sixth of a signed-in request's CPU. `sendAnswer` writes them in one go.
 */
export class Answer {
  readonly headers: string[] = [];
  /** A route's answer, serialised; its status is ctx.status. */
  json: string | undefined = undefined;
}

/**
 * Sends the answer. A route's JSON, when nothing else set a header (a cookie, Retry-After, the
 * draining server's Connection: close), goes out with one writeHead and the flat header list.
 * Anything else (a page, a stream, an error, a cookie) takes Koa's ordinary path, with the
 * pipeline's headers set first unless the handler set its own of the same name.
 */
export function sendAnswer(ctx: Koa.Context, answer: Answer): void {
  const res = ctx.res;
  const { headers, json } = answer;
  if (res.headersSent) return;
  const status = ctx.status;
  if (json !== undefined && status >= 200 && status !== 204 && status !== 304 && ctx.writable && res.getHeaderNames().length === 0) {
    ctx.respond = false;
    headers.push('Content-Type', JSON_TYPE, 'Content-Length', String(Buffer.byteLength(json)));
    res.writeHead(status, headers);
    res.end(json); // a HEAD request's body is dropped by Node, its Content-Length kept
    return;
  }
  for (let i = 0; i < headers.length; i += 2) {
    if (!res.hasHeader(headers[i]!)) res.setHeader(headers[i]!, headers[i + 1]!);
  }
  if (json !== undefined) {
    res.setHeader('Content-Type', JSON_TYPE);
    ctx.body = json;
  }
}
