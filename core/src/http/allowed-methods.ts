import type Koa from 'koa';
import type Router from '@koa/router';
import { HttpProblem } from './problem.js';

/**
 * After a router found no route for the method: a 405 with `Allow` when some route has this path
 * (any method, TRACE and PROPFIND included, instead of the router's 501), else nothing (a 404 follows).
 */
export function refuseOtherMethods(router: Router, ctx: Koa.Context): void {
  const allowed = new Set<string>();
  for (const layer of router.match(ctx.path, ctx.method).path) for (const m of layer.methods) allowed.add(m);
  if (allowed.size === 0) return;
  ctx.set('Allow', [...allowed].join(', '));
  throw new HttpProblem(405, `${ctx.method} is not allowed here; use ${[...allowed].join(' or ')}`);
}
