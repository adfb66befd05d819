import Koa from 'koa';

type Handle = (ctx: Koa.Context, middleware: (ctx: Koa.Context) => Promise<void>) => Promise<void>;

/**
 * Koa, without the on-finished listener it attaches to every response before the middleware runs.
 * That listener only hands socket and response errors to `ctx.onerror`, which emits them as the
 * app's 'error' events; the portal's app is silent and logs its own errors (renderError), so here it
 * did nothing but cost about 3 µs a request (a seventh of bare Koa's whole request, measured with
 * wrk on the bench's machine). An answer that answer.ts sent itself is done; any other (a page, a
 * file, a stream, an error, an answer with cookies) goes through Koa's own handling afterwards,
 * listener included, with the status the pipeline gave it.
 */
export class PortalKoa extends Koa {
  // Koa's handleRequest is not in its typings; it has had this signature since Koa 2.
  handleRequest(ctx: Koa.Context, middleware: (ctx: Koa.Context) => Promise<void>): Promise<void> {
    ctx.res.statusCode = 404;
    return middleware(ctx).then(
      () => {
        if (ctx.respond === false) return;
        const status = ctx.res.statusCode; // Koa's handleRequest starts every response at 404 again
        return (Koa.prototype as unknown as { handleRequest: Handle }).handleRequest.call(this, ctx, async () => {
          ctx.res.statusCode = status;
        });
      },
      (err) => ctx.onerror(err),
    );
  }
}
