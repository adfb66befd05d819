import { readFile } from 'node:fs/promises';
import { createAjv, describeErrors, fieldErrors } from '../validation/ajv.js';

/** One plugin's entry in plugins.json. */
export interface PluginEntry {
  enabled: boolean;
  /** npm package name, resolved from the workspace or node_modules. */
  package?: string;
  /** A folder holding the plugin's package.json, relative to plugins.json. */
  path?: string;
  config?: Record<string, unknown>;
  /** Which version of the plugin's settings shape `config` is in (absent: 1); the core upgrades it. */
  configVersion?: number;
}

export interface PluginsFile {
  plugins: Record<string, PluginEntry>;
}

export const pluginsFileSchema = {
  $id: 'https://medianest.dev/schemas/plugins.json',
  type: 'object',
  required: ['plugins'],
  properties: {
    $schema: { type: 'string' },
    plugins: {
      type: 'object',
      propertyNames: { pattern: '^[a-z][a-z0-9-]{1,39}$' },
      additionalProperties: {
        type: 'object',
        required: ['enabled'],
        properties: {
          enabled: { type: 'boolean' },
          package: { type: 'string', minLength: 1 },
          path: { type: 'string', minLength: 1 },
          config: { type: 'object' },
          configVersion: { type: 'integer', minimum: 1, maximum: 100000 },
        },
        not: { required: ['package', 'path'] },
      },
    },
  },
} as const;

const validate = createAjv({ useDefaults: false }).compile(pluginsFileSchema);

/** Parses and checks plugins.json text; throws an Error whose message says what to fix. */
export function parsePluginsFile(text: string, source = 'plugins.json'): PluginsFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  if (!validate(data)) {
    const errors = fieldErrors('plugins.json', validate.errors).map((e) =>
      e.rule === 'not' ? { ...e, message: 'has both "package" and "path": keep one' } : e,
    );
    throw new Error(`${source} is invalid: ${describeErrors(errors)}`);
  }
  return data as unknown as PluginsFile;
}

export async function readPluginsFile(path: string): Promise<PluginsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { plugins: {} };
    throw err;
  }
  return parsePluginsFile(text, path);
}
