// Shared steps of the plugin's tests.
import { fileURLToPath } from 'node:url';

/** The plugin's own folder: the harness loads it as an admin's plugins.json would. */
export const pluginDir = fileURLToPath(new URL('../../..', import.meta.url));
