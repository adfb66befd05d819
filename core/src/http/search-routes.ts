import type { Logger } from 'pino';
import type { PluginHost } from '../plugins/plugin-host.js';
import { portalPages } from '../search/portal-pages.js';
import { searchAll } from '../search/search-fanout.js';
import type { RouteDef } from './route.js';

export interface SearchRouteDeps {
  host: PluginHost;
  log: Logger;
}

const resultSchema = {
  type: 'object',
  required: ['title', 'href'],
  properties: { title: { type: 'string' }, subtitle: { type: 'string' }, href: { type: 'string' }, image: { type: 'string' }, kind: { type: 'string' } },
};

/** GET /api/search: the one search box asks every running plugin's search provider at once. */
export function searchRoutes(deps: SearchRouteDeps): RouteDef[] {
  const pages = { plugin: 'core', provider: portalPages(deps.host) };
  return [
    {
      method: 'GET',
      path: '/api/search',
      options: {
        auth: 'user',
        summary: "Results for the search box from every running plugin's search provider, grouped by plugin; a slow or failing provider only costs its own group",
        query: {
          type: 'object',
          additionalProperties: false,
          required: ['q'],
          properties: {
            q: { type: 'string', minLength: 1, maxLength: 200, title: 'Search', errorMessage: { minLength: 'Type something to search for', maxLength: 'Search for at most 200 characters' } },
            limit: { type: 'integer', minimum: 1, maximum: 20, default: 6, title: 'Results per group' },
          },
        },
        response: {
          type: 'object',
          required: ['query', 'groups'],
          properties: {
            query: { type: 'string' },
            groups: {
              type: 'array',
              items: {
                type: 'object',
                required: ['plugin', 'title', 'results', 'state'],
                properties: {
                  plugin: { type: 'string' },
                  title: { type: 'string' },
                  results: { type: 'array', items: resultSchema },
                  state: { enum: ['ok', 'timeout', 'failed'] },
                  message: { type: 'string' },
                  detail: { type: 'string' },
                },
              },
            },
          },
        },
      },
      handler: async (req: any) => {
        const query = String(req.query.q).trim();
        if (!query) return { query, groups: [] };
        const sources = [...deps.host.searchProviders(), pages];
        const groups = await searchAll(sources, query, { user: req.user, limit: req.query.limit, signal: req.signal, log: deps.log });
        return { query, groups };
      },
    },
  ];
}
