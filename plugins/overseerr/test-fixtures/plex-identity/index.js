// Provides `plex.identity` as DESIGN.md §7 describes it, answering from config.identities
// ({ "<MediaNest user id>": { plexId, username, email } }). Used by the Overseerr plugin's tests only.
export default {
  id: 'plex',
  register(ctx) {
    const identities = ctx.config.identities ?? {};
    ctx.provide('identity', {
      async forUser(userId) {
        return identities[userId] ?? null;
      },
    });
  },
};
