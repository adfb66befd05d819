import { randomBytes, timingSafeEqual } from 'node:crypto';
import type Koa from 'koa';
import { HttpProblem } from '../http/problem.js';

/** Readable by the page's scripts (not httpOnly): they echo it in the x-csrf-token header. */
export const CSRF_COOKIE = 'mn_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function cookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

/**
 * Double-submit CSRF protection: every state-changing request must send the `mn_csrf` cookie's
 * value in the `x-csrf-token` header, which a page on another site cannot read. A page load
 * (GET /) sets the cookie when it is missing.
 */
export function checkCsrf(ctx: Koa.Context, secure: boolean): void {
  const token = cookie(ctx.get('cookie'), CSRF_COOKIE);
  if (SAFE.has(ctx.method)) {
    if (!token && (ctx.path === '/' || ctx.path === '/index.html' || ctx.path === '/api/me')) {
      ctx.append('Set-Cookie', `${CSRF_COOKIE}=${randomBytes(24).toString('base64url')}; Path=/; SameSite=Strict${secure ? '; Secure' : ''}`);
    }
    return;
  }
  // A script calling with a bearer token and no cookies cannot be a forged browser request.
  if (/^Bearer\s/i.test(ctx.get('authorization')) && !ctx.get('cookie')) return;
  const sent = ctx.get(CSRF_HEADER);
  if (!token || !sent || token.length !== sent.length || !timingSafeEqual(Buffer.from(token), Buffer.from(sent))) {
    throw new HttpProblem(403, 'Missing or wrong CSRF token: reload the page and try again');
  }
}
