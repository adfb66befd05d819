// A stand-in for the Plex plugin's `plex.library` service (DESIGN.md §7), talking to a Plex Media
// Server over its HTTP API (legacy spec: GET /library/sections; new spec: POST
// /library/sections/{id}/refresh?path=). Used by the YouTube plugin's tests only.
import { definePlugin } from '@medianest/sdk';

export default definePlugin({
  id: 'plex',
  register(ctx) {
    const { url, token } = ctx.config;
    const headers = { 'X-Plex-Token': token, Accept: 'application/json' };
    const sections = async () => {
      const body = await ctx.http.json(`${url}/library/sections`, { headers });
      return (body.MediaContainer.Directory ?? []).map((d) => ({ id: String(d.key), title: d.title, type: d.type, locations: (d.Location ?? []).map((l) => l.path) }));
    };
    ctx.provide('library', {
      sections,
      async sectionFor(path) {
        const within = (root) => path === root || path.startsWith(root.endsWith('/') ? root : `${root}/`);
        const found = (await sections()).find((s) => s.locations.some(within));
        return found ? { id: found.id, title: found.title } : null;
      },
      async scan(sectionId, path) {
        const q = path ? `?path=${encodeURIComponent(path)}` : '';
        const res = await ctx.http.fetch(`${url}/library/sections/${encodeURIComponent(sectionId)}/refresh${q}`, { method: 'POST', headers });
        if (!res.ok) throw new Error(`Plex answered ${res.status}`);
      },
    });
  },
});
