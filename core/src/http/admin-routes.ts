import { dirname } from 'node:path';
import { BadRequest, Conflict, NotFound } from '@medianest/sdk';
import type { PluginHost } from '../plugins/plugin-host.js';
import { readPluginsFile } from '../plugins/plugins-file.js';
import { createHash } from 'node:crypto';
import { PluginsFileBusy, readPluginsFileInTurn, setPluginEnabled, updatePluginsFile } from '../plugins/plugins-file-writer.js';
import { maskSettings, sealSettings } from '../plugins/plugin-settings.js';
import { InvalidSettings, resolvePluginConfig } from '../plugins/plugin-config.js';
import { createPluginHttp } from '../plugins/plugin-http.js';
import { describeForPeople } from '../validation/messages.js';
import { PluginLoadError } from '../plugins/manifest.js';
import type { SecretBox } from '../auth/secret-box.js';
import type { AuditLog } from '../auth/audit-log.js';
import type { Permissions } from '../auth/permissions.js';
import type { RouteDef } from './route.js';

export interface AdminRouteDeps {
  host: PluginHost;
  audit: AuditLog;
  pluginsFile: string;
  permissions: Permissions;
  secrets: SecretBox;
}

const ACTIONS = ['setup', 'signin', 'signin-failed', 'signout', 'plugin-enable', 'plugin-disable', 'user-create', 'user-update', 'user-delete', 'session-revoke', 'token-create', 'token-revoke', 'permission-update', 'plugin-settings', 'signup', 'provider-update', 'identity-link', 'signin-refused', 'profile-update', 'password-change', 'password-change-failed', 'password-reset', 'password-reset-used', 'invite-create', 'invite-revoke', 'invite-accept', 'board-default', 'board-reset'];

const TEST_TIMEOUT_MS = 30_000;

/** Admin actions: turning plugins on and off (written to plugins.json, applied at once) and the audit log. */
export function adminRoutes(deps: AdminRouteDeps): RouteDef[] {
  const toggle = (enabled: boolean): RouteDef => ({
    method: 'POST',
    path: `/api/admin/plugins/:id/${enabled ? 'enable' : 'disable'}`,
    options: {
      auth: 'admin',
      summary: `${enabled ? 'Enable' : 'Disable'} a plugin: plugins.json is rewritten (order and unknown keys kept) and every process applies it`,
      params: { type: 'object', properties: { id: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,39}$' } } },
      response: { type: 'object', required: ['id', 'enabled', 'state'], properties: { id: { type: 'string' }, enabled: { type: 'boolean' }, state: { type: 'string' }, reason: { type: ['string', 'null'] } } },
    },
    handler: async (req: any) => {
      const id = req.params.id as string;
      if (!deps.host.records.has(id)) throw new NotFound(`No plugin "${id}" in plugins.json`);
      if (enabled) await deps.host.unfreeze(id);
      await setPluginEnabled(deps.pluginsFile, id, enabled).catch((err) => {
        if (err instanceof PluginsFileBusy) throw new Conflict(err.message);
        throw err;
      });
      // Apply here too, so the answer carries the new state; the file watcher of every other process does the same.
      await deps.host.apply(await readPluginsFileInTurn(deps.pluginsFile));
      await deps.audit.write({ action: enabled ? 'plugin-enable' : 'plugin-disable', actor: req.user, target: id, ip: req.ip });
      const record = deps.host.records.get(id)!;
      return { id, enabled: record.entry.enabled, state: record.state, reason: record.reason };
    },
  });

  const pluginOf = (id: string) => {
    const record = deps.host.records.get(id);
    if (!record) throw new NotFound(`No plugin "${id}" in plugins.json`);
    return record;
  };
  const idParams = { type: 'object', properties: { id: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,39}$' } } };
  // `version` (from the GET) makes a save refuse with a 409 when someone else saved in between.
  const settingsBody = {
    type: 'object',
    additionalProperties: false,
    required: ['settings'],
    properties: { settings: { type: 'object' }, version: { type: 'string', maxLength: 64 } },
  };

  /** The settings an admin sent, with kept secrets taken from the stored ones, checked against the schema. */
  const candidate = (record: ReturnType<typeof pluginOf>, settings: unknown) => {
    const schema = record.definition?.configSchema;
    const sealed = sealSettings(settings, record.entry.config, schema, (plain) => deps.secrets.encrypt(plain)) as Record<string, unknown>;
    try {
      return { sealed, config: resolvePluginConfig(sealed, schema, dirname(deps.pluginsFile), process.env, (s) => deps.secrets.decrypt(s)) };
    } catch (err) {
      if (err instanceof InvalidSettings) throw new BadRequest(describeForPeople(err.errors), err.errors);
      if (err instanceof PluginLoadError) throw new BadRequest(err.message);
      throw err;
    }
  };

  return [
    toggle(true),
    toggle(false),
    {
      method: 'GET',
      path: '/api/admin/plugins/:id/settings',
      options: { auth: 'admin', summary: "A plugin's settings and their JSON Schema, for the settings form; secrets only say whether they are set", params: idParams },
      handler: async (req: any) => {
        const record = pluginOf(req.params.id);
        const schema = record.definition?.configSchema ?? null;
        return {
          schema,
          settings: maskSettings(record.entry.config ?? {}, schema ?? undefined),
          testable: typeof record.definition?.testSettings === 'function',
          version: settingsVersion(record.entry.config),
        };
      },
    },
    {
      method: 'PUT',
      path: '/api/admin/plugins/:id/settings',
      options: {
        auth: 'admin',
        summary: 'Save settings: checked against the schema, secrets encrypted, plugins.json rewritten, the plugin restarted',
        params: idParams,
        body: settingsBody,
      },
      handler: async (req: any) => {
        const id = req.params.id as string;
        const record = pluginOf(id);
        const schema = record.definition?.configSchema;
        const { sealed } = candidate(record, req.body.settings);
        await updatePluginsFile(deps.pluginsFile, (data) => {
          const entry = data.plugins?.[id];
          if (!entry) throw new NotFound(`No plugin "${id}" in plugins.json`);
          if (req.body.version !== undefined && req.body.version !== settingsVersion(entry.config)) {
            throw new Conflict('Someone saved these settings since you opened them: reload to see their change, then save yours again');
          }
          entry.config = sealed;
          // Saved from the form, the settings are in the shape this version of the plugin reads.
          if (record.definition?.configVersion) entry.configVersion = record.definition.configVersion;
        }).catch((err) => {
          if (err instanceof PluginsFileBusy) throw new Conflict(err.message);
          throw err;
        });
        await deps.host.apply(await readPluginsFileInTurn(deps.pluginsFile));
        await deps.audit.write({ action: 'plugin-settings', actor: req.user, target: id, ip: req.ip, detail: { keys: Object.keys(sealed) } });
        const after = deps.host.records.get(id)!;
        return { id, state: after.state, reason: after.reason, settings: maskSettings(after.entry.config ?? {}, schema), version: settingsVersion(sealed) };
      },
    },
    {
      method: 'POST',
      path: '/api/admin/plugins/:id/settings/test',
      options: {
        auth: 'admin',
        summary: "Tries settings before they are saved (the plugin's testSettings): secrets left as they are come from the stored ones; nothing is written",
        params: idParams,
        body: settingsBody,
        response: { type: 'object', required: ['ok', 'message'], properties: { ok: { type: 'boolean' }, message: { type: 'string' }, detail: { type: 'string' } } },
      },
      handler: async (req: any) => {
        const record = pluginOf(req.params.id);
        const test = record.definition?.testSettings;
        const name = record.pkg?.manifest.displayName ?? record.id;
        if (!test) throw new NotFound(`${name} has no connection test`);
        const { config } = candidate(record, req.body.settings);
        const signal = AbortSignal.any([AbortSignal.timeout(TEST_TIMEOUT_MS), req.signal]);
        const log = req.log.child({ plugin: record.id, settingsTest: true });
        try {
          const result = await Promise.race([
            Promise.resolve().then(() => test(config, { http: createPluginHttp(signal), log, signal })),
            new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error(`no answer within ${TEST_TIMEOUT_MS / 1000} s`)), { once: true })),
          ]);
          if (!result || typeof result.ok !== 'boolean' || typeof result.message !== 'string') throw new Error('testSettings() answered without { ok, message }');
          return { ok: result.ok, message: result.message, ...(result.detail ? { detail: String(result.detail) } : {}) };
        } catch (err) {
          log.warn({ err }, 'settings test threw');
          return { ok: false, message: `The test of ${name} did not finish`, detail: (err as Error)?.message ?? String(err) };
        }
      },
    },
    {
      method: 'GET',
      path: '/api/admin/permissions',
      options: { auth: 'admin', summary: 'Every permission plugins declare, with the roles and users holding it (admins hold all)' },
      handler: async () => {
        const grants = await deps.permissions.grants();
        return {
          permissions: deps.host.declaredPermissions().map(({ permission, plugin }) => ({ permission, plugin, ...(grants.get(permission) ?? { roles: [], users: [] }) })),
        };
      },
    },
    {
      method: 'PUT',
      path: '/api/admin/permissions/:permission',
      options: {
        auth: 'admin',
        summary: 'Set who holds a permission: the `user` role and/or single users',
        params: { type: 'object', properties: { permission: { type: 'string', pattern: '^[a-z][a-z0-9-]*\\.[a-z][a-z0-9.-]*$' } } },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['roles', 'users'],
          properties: { roles: { type: 'array', items: { enum: ['user'] }, maxItems: 1 }, users: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 1000 } },
        },
      },
      handler: async (req: any) => {
        const permission = req.params.permission as string;
        if (!deps.host.declaredPermissions().some((p) => p.permission === permission)) throw new NotFound(`No plugin declares the permission "${permission}"`);
        await deps.permissions.set(permission, req.body.roles, req.body.users);
        await deps.audit.write({ action: 'permission-update', actor: req.user, target: permission, ip: req.ip, detail: req.body });
        return { permission, roles: req.body.roles, users: req.body.users };
      },
    },
    {
      method: 'GET',
      path: '/api/admin/audit',
      options: {
        auth: 'admin',
        summary: 'The audit log, newest first: sign-ins, failed sign-ins and admin actions',
        query: {
          type: 'object',
          additionalProperties: false,
          properties: {
            action: { enum: ACTIONS },
            actor: { type: 'string', maxLength: 64 },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            before: { type: 'string', pattern: '^[0-9]{1,18}$', errorMessage: 'Use the id of an audit entry (a whole number)' },
          },
        },
      },
      handler: async (req: any) => {
        // Entries that name a sign-in provider by id get its name ("Plex", not "plex.plex"); older
        // entries were written with the id only.
        const names = new Map(deps.host.providers().map((p) => [p.id, p.definition.name]));
        const entries = (await deps.audit.list(req.query)).map((e) => {
          // A provider as the target (its settings changed, linked to an account) is named too.
          if (e.target && !e.targetName && names.has(e.target)) e = { ...e, targetName: names.get(e.target)! };
          const detail = e.detail as Record<string, unknown> | null;
          const provider = detail?.provider;
          if (typeof provider !== 'string' || detail?.providerName || !names.has(provider)) return e;
          return { ...e, detail: { ...detail, providerName: names.get(provider) } };
        });
        return { entries };
      },
    },
  ];
}

/** A short fingerprint of a plugin's stored settings: a save names the version it edited. */
function settingsVersion(config: unknown): string {
  return createHash('sha256').update(JSON.stringify(config ?? {})).digest('base64url').slice(0, 16);
}
