import { Server as NetServer } from 'node:net';
import type { Server } from 'node:http';

/**
 * Lets a web process leave a load balancer without losing a request. On drain() it stops taking
 * new connections (nginx then sends them to another process, retrying even a POST, since nothing
 * was sent), answers every request still arriving on open connections with `Connection: close`,
 * and waits for those connections to end: each either carries one more request, answered, or is
 * closed by nginx when its keep-alive ends. Closing idle connections ourselves instead would race
 * with nginx sending a request on one of them at that moment.
 */
export function drainable(server: Server): { drain(timeoutMs: number): Promise<void> } {
  let draining = false;
  server.prependListener('request', (_req, res) => {
    if (draining) res.setHeader('Connection', 'close');
  });
  return {
    drain(timeoutMs) {
      if (draining || !server.listening) return Promise.resolve();
      draining = true;
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        timer.unref();
        // net.Server's close: stop listening; unlike http.Server's it leaves idle connections open.
        NetServer.prototype.close.call(server, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
