// Installs the real Uptime Kuma (npm package `uptime-kuma`) outside the workspace, for the Uptime
// Kuma plugin's tests, and prints its folder. Does nothing when it is installed already.
// The first install takes a few minutes: its SQLite binding is built from source.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KUMA_VERSION = '2.0.0-dev.0';
export const kumaPrefix = () => process.env.UPTIME_KUMA_PREFIX ?? join(tmpdir(), `medianest-uptime-kuma-${KUMA_VERSION}`);
export const kumaDir = () => join(kumaPrefix(), 'node_modules', 'uptime-kuma');

const ready = (dir) =>
  existsSync(join(dir, 'server', 'server.js')) &&
  existsSync(join(dir, '..', '@louislam', 'sqlite3', 'lib', 'binding'));

export function installKuma({ quiet = false } = {}) {
  const prefix = kumaPrefix();
  const dir = kumaDir();
  if (!ready(dir)) {
    if (!quiet) console.error(`Installing uptime-kuma@${KUMA_VERSION} into ${prefix} for the plugin tests (once; a few minutes)…`);
    mkdirSync(prefix, { recursive: true });
    writeFileSync(
      join(prefix, 'package.json'),
      JSON.stringify({ private: true, dependencies: { 'uptime-kuma': KUMA_VERSION }, allowScripts: { '@louislam/sqlite3': true } }, null, 2),
    );
    const npm = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (npm.status !== 0 || !ready(dir)) throw new Error(`npm could not install uptime-kuma@${KUMA_VERSION} into ${prefix} (exit ${npm.status})`);
  }
  // The package ships its old SQL patches in db/ while its migration step reads db/old_migrations/.
  mkdirSync(join(dir, 'db', 'old_migrations'), { recursive: true });
  for (const file of readdirSync(join(dir, 'db'))) {
    if (file.startsWith('patch-') && file.endsWith('.sql') && !existsSync(join(dir, 'db', 'old_migrations', file))) {
      copyFileSync(join(dir, 'db', file), join(dir, 'db', 'old_migrations', file));
    }
  }
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(installKuma());
