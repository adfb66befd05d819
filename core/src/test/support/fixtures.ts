import { fileURLToPath } from 'node:url';

/** Absolute folder of a fixture plugin in core/test-fixtures/plugins. */
export function fixturePlugin(name: string): string {
  return fileURLToPath(new URL(`../../../test-fixtures/plugins/${name}`, import.meta.url));
}
