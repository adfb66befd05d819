export { startCore, CORE_VERSION } from './core.js';
export type { Core, CoreOptions } from './core.js';
export { loadConfig } from './config.js';
export type { CoreConfig, Role } from './config.js';
export { SessionStore, SESSION_COOKIE } from './auth/sessions.js';
export type { PluginsFile, PluginEntry } from './plugins/plugins-file.js';
