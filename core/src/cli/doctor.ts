import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { connectRedis, redactUrl } from '../redis.js';
import { readPluginsFile } from '../plugins/plugins-file.js';
import { loadPlugin } from '../plugins/plugin-loader.js';
import { resolvePluginConfig } from '../plugins/plugin-config.js';
import { SecretBox } from '../auth/secret-box.js';

interface Finding {
  ok: boolean;
  what: string;
  fix?: string;
}

/** Checks what MediaNest needs and prints a fix for each problem; exit code 1 when something is wrong. */
export async function doctor(): Promise<number> {
  const findings: Finding[] = [];
  const config = loadConfig();

  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  findings.push(
    major > 22 || (major === 22 && minor >= 17)
      ? { ok: true, what: `Node ${process.versions.node}` }
      : { ok: false, what: `Node ${process.versions.node} is too old (MikroORM 7 needs 22.17+)`, fix: 'Run through npm (`npm start`), which uses the bundled Node 24, or install Node 24.' },
  );

  try {
    const redis = await connectRedis(config.redisUrl, 'medianest-doctor');
    const info = await redis.info('persistence');
    const setupCode = await redis.get(`${config.redisPrefix}setup:code`);
    redis.disconnect();
    if (setupCode) findings.push({ ok: true, what: `Not set up yet: open the portal's #/setup page and enter the setup code ${setupCode}` });
    const aof = /aof_enabled:1/.test(info);
    const rdb = !/rdb_last_bgsave_status:err/.test(info);
    findings.push({ ok: true, what: `Redis at ${redactUrl(config.redisUrl)}${aof ? ' (AOF on)' : ''}` });
    if (!aof) findings.push({ ok: true, what: 'Redis has AOF persistence off: queued jobs survive a Redis restart only with it on', fix: 'In production run redis-server with --appendonly yes (the compose file does).' });
    void rdb;
  } catch (err) {
    findings.push({ ok: false, what: (err as Error).message.split('. ')[0]!, fix: (err as Error).message.split('. ').slice(1).join('. ') });
  }

  if (config.databaseUrl) {
    const client = new pg.Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      const v = await client.query('show server_version');
      findings.push({ ok: true, what: `PostgreSQL ${v.rows[0].server_version} at DATABASE_URL` });
    } catch (err) {
      findings.push({ ok: false, what: `Cannot reach the database at DATABASE_URL: ${(err as Error).message}`, fix: 'Check DATABASE_URL, or unset it to use the embedded PostgreSQL in DATA_DIR.' });
    } finally {
      await client.end().catch(() => {});
    }
  } else {
    const initialised = await access(join(config.dataDir, 'postgres', 'PG_VERSION')).then(() => true, () => false);
    findings.push({ ok: true, what: `Embedded PostgreSQL in ${join(config.dataDir, 'postgres')}${initialised ? '' : ' (created on first start)'}` });
  }

  try {
    const file = await readPluginsFile(config.pluginsFile);
    findings.push({ ok: true, what: `${config.pluginsFile}: ${Object.keys(file.plugins).length} plugin(s)` });
    const log = createLogger('silent');
    const box = await SecretBox.existing(config.dataDir);
    for (const [id, entry] of Object.entries(file.plugins)) {
      const record = await loadPlugin(id, entry, dirname(config.pluginsFile), log);
      if (record.loadError) {
        findings.push({ ok: false, what: `plugin ${id}: ${record.loadError}`, fix: `Fix it, or disable it: medianest plugins disable ${id}` });
        continue;
      }
      try {
        resolvePluginConfig(entry.config, record.definition!.configSchema, dirname(config.pluginsFile), process.env, box && ((v: string) => box.decrypt(v)));
        findings.push({ ok: true, what: `plugin ${id} ${record.pkg!.version} (${entry.enabled ? 'enabled' : 'disabled'})` });
      } catch (err) {
        findings.push({ ok: false, what: `plugin ${id}: ${(err as Error).message}`, fix: `Edit plugins.${id}.config in ${config.pluginsFile}` });
      }
    }
  } catch (err) {
    findings.push({ ok: false, what: (err as Error).message, fix: `Fix ${config.pluginsFile} (JSON with a "plugins" object); see README.md` });
  }

  const uiBuilt = await access(join(config.uiDir, 'index.html')).then(() => true, () => false);
  findings.push(uiBuilt ? { ok: true, what: 'Portal UI is built' } : { ok: false, what: `No built UI in ${config.uiDir}`, fix: 'Run `npm run build`.' });

  for (const f of findings) {
    console.log(`${f.ok ? '✓' : '✗'} ${f.what}`);
    if (f.fix) console.log(`    → ${f.fix}`);
  }
  const bad = findings.filter((f) => !f.ok).length;
  console.log(bad ? `\n${bad} problem(s) found.` : '\nEverything MediaNest needs is in place.');
  return bad ? 1 : 0;
}
