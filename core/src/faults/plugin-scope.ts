import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

/** Which plugin code is running: set around each plugin's register(), route handlers, jobs and
 *  health checks, and inherited by every timer, promise and callback they start. */
export interface PluginScope {
  pluginId: string;
  /** What was entered, for logs: "register()", "GET /api/plugins/x/y", "job sync"… */
  where: string;
  /** Called once per fault that escaped the plugin's code (uncaught, unhandled, process.exit). */
  fault(err: unknown, kind: FaultKind): void;
}

export type FaultKind = 'uncaught exception' | 'unhandled promise rejection' | 'process.exit() call' | 'process.kill() of the portal';

const storage = new AsyncLocalStorage<PluginScope>();
/** Watchers of what plugin code was entered last (the watchdog); set by `onEnter`. */
let enterListener: ((scope: PluginScope) => void) | undefined;

/** Runs `fn` as plugin code: faults that escape it are attributed to `scope.pluginId`. */
export function inPlugin<T>(scope: PluginScope, fn: () => T): T {
  enterListener?.(scope);
  return storage.run(scope, fn);
}

/** The plugin whose code is running now, if any. */
export function currentPlugin(): PluginScope | undefined {
  return storage.getStore();
}

export function onEnter(listener: ((scope: PluginScope) => void) | undefined): void {
  enterListener = listener;
}

/** Thrown into plugin code that calls process.exit(): the call does not end the portal. */
export class ExitRefused extends Error {
  constructor(what: string) {
    super(`${what} is not allowed in a plugin: the plugin is stopped instead`);
    this.name = 'ExitRefused';
  }
}

let installed = 0;
let processLog: Logger | undefined;
const realExit = process.exit;
const realKill = process.kill;

function onUncaught(err: unknown): void {
  const scope = storage.getStore();
  if (scope) return scope.fault(err, 'uncaught exception');
  // Not a plugin's: what Node would do, but as a JSON line first.
  processLog?.fatal({ err }, 'uncaught exception in the core; exiting');
  realExit.call(process, 1);
}

function onUnhandled(reason: unknown): void {
  const scope = storage.getStore();
  if (scope) return scope.fault(reason, 'unhandled promise rejection');
  processLog?.fatal({ err: reason }, 'unhandled promise rejection in the core; exiting');
  realExit.call(process, 1);
}

function guardedExit(this: NodeJS.Process, code?: number | string | null): never {
  const scope = storage.getStore();
  if (!scope) return realExit.call(process, code as number);
  const refused = new ExitRefused(`process.exit(${code ?? ''})`);
  scope.fault(refused, 'process.exit() call');
  throw refused;
}

function guardedKill(this: NodeJS.Process, pid: number, signal?: string | number): true {
  const scope = storage.getStore();
  if (scope && (pid === process.pid || pid === 0)) {
    const refused = new ExitRefused(`process.kill(${pid}${signal === undefined ? '' : `, ${JSON.stringify(signal)}`})`);
    scope.fault(refused, 'process.kill() of the portal');
    throw refused;
  }
  return realKill.call(process, pid, signal);
}

/**
 * Routes uncaught exceptions and unhandled rejections to the plugin whose code raised them, and
 * refuses process.exit() / process.kill(own pid) inside plugin code. Errors outside any plugin
 * still end the process (exit 1), logged as JSON. Counted: the last `uninstall()` removes them.
 */
export function installFaultHandlers(log: Logger): () => void {
  processLog = log;
  if (installed++ === 0) {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUnhandled);
    process.exit = guardedExit as typeof process.exit;
    process.kill = guardedKill as typeof process.kill;
  }
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (--installed > 0) return;
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUnhandled);
    process.exit = realExit;
    process.kill = realKill;
  };
}
