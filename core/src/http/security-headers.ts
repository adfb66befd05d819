import type Koa from 'koa';
import helmet from 'koa-helmet';
import type { Answer } from './answer.js';

/**
 * Security headers. Pages and their assets get helmet's full set with a CSP the portal satisfies
 * without 'unsafe-inline' (inline import map allowed by hash). JSON answers get the short set OWASP
 * recommends for APIs: a document-less CSP, nosniff, no framing, no referrer — a tenth of the bytes.
 */
export function securityHeaders(scriptHashes: string[], secure: boolean): (ctx: Koa.Context, answer: Answer) => Promise<void> | void {
  const page = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...scriptHashes.map((h) => `'${h}'`)],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // One framing policy, said twice: never framed (frame-ancestors 'none', and DENY for browsers that read only this).
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: secure ? undefined : false,
  }) as Koa.Middleware;
  // Name, value pairs, added to the answer's own list (see answer.ts).
  const api = [
    'Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options', 'nosniff',
    'X-Frame-Options', 'DENY',
    'Referrer-Policy', 'no-referrer',
    'Cross-Origin-Resource-Policy', 'same-origin',
    ...(secure ? ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'] : []),
  ];
  const done = async () => {};
  return (ctx, answer) => {
    const path = ctx.path;
    if (path.startsWith('/api/') || path === '/metrics') {
      answer.headers.push(...api);
      return;
    }
    return page(ctx, done);
  };
}
