import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type Koa from 'koa';
import { HttpProblem } from '../http/problem.js';
import type { RequestState } from '../http/route.js';
import { readCookie } from './sessions.js';
import { rememberRecent } from './remember-recent.js';

/** Readable by the page's scripts (not httpOnly): they echo it in the x-csrf-token header. */
export const CSRF_COOKIE = 'mn_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const PAGE_LOADS = new Set(['/', '/index.html', '/api/me']);

/** The CSRF token of a session: an HMAC keyed by its id, so only a holder of the id can know it. */
export const csrfFor = rememberRecent((sessionId) => createHmac('sha256', sessionId).update('medianest csrf').digest('base64url'), 5000);

/** The Set-Cookie value that hands a CSRF token to the page's scripts. */
export function csrfCookie(token: string, secure: boolean): string {
  return `${CSRF_COOKIE}=${token}; Path=/; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** A token for a browser with no session (the sign-in form's requests). */
export const anonymousCsrf = (): string => randomBytes(24).toString('base64url');

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const refused = () => new HttpProblem(403, 'Missing or wrong CSRF token: reload the page and try again');

/**
 * CSRF protection bound to the session: a state-changing request of a signed-in browser must send
 * `csrfFor(its session id)` in the `x-csrf-token` header. A browser without a live session (the
 * sign-in form) sends back the random `mn_csrf` cookie it was given (double submit). A page load
 * (GET /, /api/me) sets the cookie only when the browser lacks the right one.
 */
export function checkCsrf(ctx: Koa.Context, secure: boolean): void | Promise<void> {
  if (SAFE.has(ctx.method) && !PAGE_LOADS.has(ctx.path)) return;
  const header = ctx.get('cookie');
  const sessionId = header ? (ctx.state as RequestState).sessionId : undefined;
  if (SAFE.has(ctx.method)) {
    const token = header ? readCookie(header, CSRF_COOKIE) : undefined;
    if (sessionId) {
      const bound = csrfFor(sessionId);
      if (token !== bound) ctx.append('Set-Cookie', csrfCookie(bound, secure));
    } else if (!token) {
      ctx.append('Set-Cookie', csrfCookie(anonymousCsrf(), secure));
    }
    return;
  }
  // A script calling with a bearer token and no cookies cannot be a forged browser request.
  if (!header && /^Bearer\s/i.test(ctx.get('authorization'))) return;
  const sent = ctx.get(CSRF_HEADER);
  if (!sent) throw refused();
  if (sessionId && same(sent, csrfFor(sessionId))) return;
  const token = header ? readCookie(header, CSRF_COOKIE) : undefined;
  if (!token || !same(sent, token)) throw refused();
  if (!sessionId) return;
  // A matching pair not bound to the session it rides on is only good while that session is dead.
  return (ctx.state as RequestState).user().then((user) => {
    if (user) throw refused();
  });
}
