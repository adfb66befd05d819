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
  /** Plugin ids listed more than once (JSON keeps the last entry of each). */
  duplicates?: string[];
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
  const file = data as unknown as PluginsFile;
  const duplicates = duplicatePluginIds(text);
  if (duplicates.length) file.duplicates = duplicates;
  return file;
}

/** Keys repeated inside the top-level "plugins" object: one pass over the text, strings skipped.
 *  (JSON.parse silently keeps the last of each, so the file must be read for this.) */
export function duplicatePluginIds(text: string): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  let depth = 0;
  let topKey: string | undefined;
  let inPlugins = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const raw = text.slice(i, j + 1);
      i = j;
      let k = j + 1;
      while (k < text.length && /\s/.test(text[k]!)) k++;
      if (text[k] !== ':') continue;
      const key = JSON.parse(raw) as string;
      if (depth === 1) topKey = key;
      else if (depth === 2 && inPlugins) {
        if (seen.has(key)) repeated.add(key);
        seen.add(key);
      }
    } else if (c === '{' || c === '[') {
      depth++;
      if (depth === 2 && c === '{' && topKey === 'plugins') inPlugins = true;
    } else if (c === '}' || c === ']') {
      if (depth === 2) inPlugins = false;
      depth--;
    }
  }
  return [...repeated];
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
