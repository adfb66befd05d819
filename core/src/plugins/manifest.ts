import { readFile, access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createAjv, describeErrors, fieldErrors } from '../validation/ajv.js';
import type { PluginEntry } from './plugins-file.js';

/** What a plugin's package.json declares for MediaNest. */
export interface PluginManifest {
  id: string;
  displayName: string;
  description?: string;
  /** Plugins that must be running first. */
  dependencies: string[];
  /** Plugins used when present. */
  optionalDependencies: string[];
  /** Permissions the plugin defines, e.g. `youtube.download`. */
  permissions: string[];
}

/** A plugin package found on disk. */
export interface PluginPackage {
  dir: string;
  name: string;
  version: string;
  /** engines.medianest: the SDK range the plugin was written for. */
  sdkRange: string;
  entryFile: string;
  manifest: PluginManifest;
}

const manifestSchema = {
  type: 'object',
  required: ['name', 'version', 'engines', 'medianest'],
  properties: {
    name: { type: 'string' },
    version: { type: 'string' },
    engines: {
      type: 'object',
      required: ['medianest'],
      properties: { medianest: { type: 'string', minLength: 1 } },
    },
    medianest: {
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,39}$' },
        displayName: { type: 'string' },
        description: { type: 'string' },
        dependencies: { type: 'array', items: { type: 'string' }, default: [] },
        optionalDependencies: { type: 'array', items: { type: 'string' }, default: [] },
        permissions: { type: 'array', items: { type: 'string', pattern: '^[a-z][a-z0-9-]*\\.[a-z][a-z0-9.-]*$' }, default: [] },
      },
    },
  },
};
const validateManifest = createAjv().compile<any>(manifestSchema);

/** Thrown for anything wrong with a plugin before its code runs; the message is shown to the admin. */
export class PluginLoadError extends Error {}

/** Finds the plugin's folder: `path` relative to plugins.json, or `package` in node_modules above it or above the core. */
export async function locatePlugin(id: string, entry: PluginEntry, pluginsFileDir: string): Promise<string> {
  if (entry.path) {
    const dir = resolve(pluginsFileDir, entry.path);
    if (!(await exists(join(dir, 'package.json')))) throw new PluginLoadError(`No package.json in ${dir} (from "path" in plugins.json)`);
    return dir;
  }
  const name = entry.package ?? `@medianest/plugin-${id}`;
  const starts = [pluginsFileDir, new URL('.', import.meta.url).pathname];
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', name);
      if (await exists(join(candidate, 'package.json'))) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new PluginLoadError(`Package "${name}" is not installed: run \`npm install ${name}\` or set "path" in plugins.json`);
}

/** Reads and checks a plugin's package.json, before any of its code is imported. */
export async function readPluginPackage(id: string, dir: string): Promise<PluginPackage> {
  let pkg: any;
  try {
    pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  } catch (err) {
    throw new PluginLoadError(`Cannot read ${join(dir, 'package.json')}: ${(err as Error).message}`);
  }
  if (typeof pkg?.engines?.medianest !== 'string') {
    throw new PluginLoadError('Its package.json has no "engines": { "medianest": "<SDK range>" }, so MediaNest cannot tell whether it is compatible');
  }
  if (!validateManifest(pkg)) {
    throw new PluginLoadError(`Its package.json is not a MediaNest plugin manifest: ${describeErrors(fieldErrors('package.json', validateManifest.errors))}`);
  }
  const m = pkg.medianest;
  if (m.id !== id) throw new PluginLoadError(`plugins.json lists it as "${id}" but its package.json says medianest.id "${m.id}"`);
  const foreign = (m.permissions as string[]).filter((p) => !p.startsWith(`${id}.`));
  if (foreign.length) throw new PluginLoadError(`Its permissions must start with "${id}.": ${foreign.join(', ')}`);
  return {
    dir,
    name: pkg.name,
    version: pkg.version,
    sdkRange: pkg.engines.medianest,
    entryFile: join(dir, entryOf(pkg)),
    manifest: {
      id: m.id,
      displayName: m.displayName ?? m.id,
      description: m.description,
      dependencies: m.dependencies,
      optionalDependencies: m.optionalDependencies,
      permissions: m.permissions,
    },
  };
}

function entryOf(pkg: any): string {
  const dot = typeof pkg.exports === 'string' ? pkg.exports : pkg.exports?.['.'];
  if (typeof dot === 'string') return dot;
  if (dot && typeof dot === 'object') return dot.import ?? dot.default ?? dot.node ?? pkg.main ?? 'index.js';
  return pkg.main ?? 'index.js';
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
