import type {
  AuthProviderDefinition,
  Duration, HealthOptions, SearchProvider, HealthResult, JobHandler, JobOptions, JobQueue, PageOptions, WidgetOptions,
} from '@medianest/sdk';
import type { RouteDef } from '../http/route.js';

export interface JobDecl {
  name: string;
  handler: JobHandler<any, any>;
  options: JobOptions;
  /** Handed to the plugin during register(); points at the real queue once committed. */
  bind(queue: JobQueue<any> | undefined): void;
}

export interface ScheduleDecl {
  name: string;
  interval: Duration;
  handler: JobHandler<any, any>;
  options: JobOptions;
}

export interface CheckDecl {
  name: string;
  run: (signal: AbortSignal) => Promise<HealthResult> | HealthResult;
  options: HealthOptions;
}

export interface WidgetDecl extends WidgetOptions {
  tag: string;
}

export interface PageDecl extends PageOptions {
  tag: string;
}

export interface SettingsPieceDecl {
  tag: string;
  module: string;
}

/** Everything a plugin registers; held until register() finishes, then committed at once. */
export interface Registrations {
  routes: RouteDef[];
  jobs: JobDecl[];
  schedules: ScheduleDecl[];
  checks: CheckDecl[];
  widgets: WidgetDecl[];
  pages: PageDecl[];
  settings: SettingsPieceDecl[];
  services: Map<string, unknown>;
  providers: AuthProviderDefinition[];
  /** The plugin's search provider, if it offers one. */
  search?: SearchProvider;
  stopHooks: Array<() => void | Promise<void>>;
}

export function emptyRegistrations(): Registrations {
  return { routes: [], jobs: [], schedules: [], checks: [], widgets: [], pages: [], settings: [], services: new Map(), providers: [], stopHooks: [] };
}
