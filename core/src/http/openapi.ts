import type { RouteDef } from './route.js';
import { openApiPath } from './route.js';

export interface MountedRoute extends RouteDef {
  /** Full path, e.g. /api/plugins/sysinfo/now */
  fullPath: string;
  plugin?: string;
}

const errorBody = {
  type: 'object',
  required: ['error', 'requestId'],
  properties: { error: { type: 'string' }, requestId: { type: 'string' }, details: {} },
};

/** An OpenAPI 3.1 document of every mounted route, with its auth level as `x-auth`. */
export function openApiDocument(routes: MountedRoute[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = openApiPath(r.fullPath);
    const params = [...r.fullPath.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: (r.options.params as any)?.properties?.[m[1]!] ?? { type: 'string' },
    }));
    const query = Object.entries(((r.options.query as any)?.properties ?? {}) as Record<string, unknown>).map(([name, schema]) => ({
      name,
      in: 'query',
      required: ((r.options.query as any)?.required ?? []).includes(name),
      schema,
    }));
    const status = String(r.options.status ?? 200);
    const responses: Record<string, unknown> = {
      [status]: { description: 'Success', content: { 'application/json': { schema: r.options.response ?? {} } } },
      '400': { description: 'Invalid request', content: { 'application/json': { schema: errorBody } } },
      '500': { description: 'Server error', content: { 'application/json': { schema: errorBody } } },
    };
    if (r.options.auth !== 'public') responses['401'] = { description: 'Not signed in', content: { 'application/json': { schema: errorBody } } };
    if (r.options.auth === 'admin') responses['403'] = { description: 'Not an admin', content: { 'application/json': { schema: errorBody } } };
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      summary: r.options.summary,
      tags: [r.plugin ?? 'core'],
      'x-auth': r.options.auth,
      ...(r.options.permission ? { 'x-permission': r.options.permission } : {}),
      ...(r.options.auth === 'public' ? { security: [] } : {}),
      parameters: [...params, ...query],
      ...(r.options.body ? { requestBody: { required: true, content: { 'application/json': { schema: r.options.body } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'MediaNest API', version },
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'mn_session' } } },
    security: [{ session: [] }],
    paths,
  };
}
