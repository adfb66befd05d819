import type { Duration } from './duration.js';
import type { JSONSchema } from './schema.js';
import type { EntityManager } from '@mikro-orm/core';
import type { ServiceTypes } from './services.js';

/** Who may call a route: anyone, any signed-in user, or admins only. */
export type AuthLevel = 'public' | 'user' | 'admin';

/** A signed-in MediaNest user as a plugin sees it. */
export interface User {
  /** Stable user id. */
  id: string;
  /** Display name. */
  name: string;
  /** Role: `admin` or `user`. */
  role: 'admin' | 'user';
}

/** The narrow request a route handler receives (never Koa's context). */
export interface RouteRequest<P = Record<string, string>, Q = Record<string, unknown>, B = unknown> {
  /** Path parameters, validated against `params` when given. */
  params: P;
  /** Query string values, validated (and coerced) against `query` when given. */
  query: Q;
  /** Parsed JSON body, validated against `body` when given. */
  body: B;
  /** The signed-in user, or null on a public route called anonymously. */
  user: User | null;
  /** Aborts when the client goes away or the plugin stops. */
  signal: AbortSignal;
  /** The request id, also in the logs and in error bodies. */
  requestId: string;
  /** A logger bound to this request and plugin. */
  log: Logger;
  /** A request header by case-insensitive name (e.g. `authorization` for a webhook's shared secret), or undefined. */
  header(name: string): string | undefined;
}

/** What a route declares besides its handler. */
export interface RouteOptions {
  /** Who may call the route. Required: there is no default. */
  auth: AuthLevel;
  /** One line for the OpenAPI document. */
  summary?: string;
  /** JSON Schema of the path parameters. */
  params?: JSONSchema;
  /** JSON Schema of the query string (values are coerced from strings). */
  query?: JSONSchema;
  /** JSON Schema of the JSON body. */
  body?: JSONSchema;
  /** JSON Schema of a successful answer; the answer is checked against it. */
  response?: JSONSchema;
  /** HTTP status of a successful answer (default 200, or 204 when the handler returns undefined). */
  status?: number;
  /** A permission from the manifest (e.g. `youtube.download`) the caller needs; admins have them all. */
  permission?: string;
  /** Calls allowed per person (per address when anonymous), e.g. "5/hour"; past it: 429 with Retry-After. */
  rateLimit?: string;
}

/** A route handler: returns the JSON answer or throws an HttpError. */
export type RouteHandler<P = any, Q = any, B = any> = (req: RouteRequest<P, Q, B>) => unknown | Promise<unknown>;

/** Registers HTTP routes under `/api/plugins/<id>/`. Paths use `:name` parameters. */
export interface Routes {
  get<P = any, Q = any>(path: string, options: RouteOptions, handler: RouteHandler<P, Q, undefined>): void;
  post<P = any, Q = any, B = any>(path: string, options: RouteOptions, handler: RouteHandler<P, Q, B>): void;
  put<P = any, Q = any, B = any>(path: string, options: RouteOptions, handler: RouteHandler<P, Q, B>): void;
  patch<P = any, Q = any, B = any>(path: string, options: RouteOptions, handler: RouteHandler<P, Q, B>): void;
  delete<P = any, Q = any, B = any>(path: string, options: RouteOptions, handler: RouteHandler<P, Q, B>): void;
}

/** How a failed job is retried. */
export interface Backoff {
  /** `fixed` waits `delay` each time; `exponential` doubles it each attempt. */
  strategy: 'fixed' | 'exponential';
  /** The first wait. */
  delay: Duration;
}

/** Options of a job queue. */
export interface JobOptions {
  /** Jobs run at once per worker process (default 1). */
  concurrency?: number;
  /** Tries in all before a job fails for good (default 1). */
  attempts?: number;
  /** Wait between tries (default none). */
  backoff?: Backoff;
  /** A try that runs longer than this fails (default 10 minutes). */
  timeout?: Duration;
}

/** Who hears of a job's progress and result, as live events. */
export type Audience = 'all' | 'admins' | { user: string };

/** Options for one job. */
export interface AddJobOptions {
  /** A stable id: adding a job whose id is queued already does nothing. */
  jobId?: string;
  /** Receivers of `<plugin>.<queue>.progress|succeeded|failed` events (default admins). */
  notify?: Audience;
  /** Run no earlier than this from now. */
  delay?: Duration;
}

/** A job as its handler sees it. */
export interface JobRun<D = unknown> {
  /** The job id. */
  id: string;
  /** The data given to `add`. */
  data: D;
  /** Which try this is, starting at 1. */
  attempt: number;
  /** Reports progress (0-100, or any JSON) as a live event. */
  progress(value: number | Record<string, unknown>): void;
  /** Aborts when the job times out or the worker shuts down. */
  signal: AbortSignal;
  /** A logger bound to this job. */
  log: Logger;
}

/** A job handler: its return value (JSON) is the job's result. */
export type JobHandler<D = unknown, R = unknown> = (job: JobRun<D>) => Promise<R> | R;

/** Counts of a queue's jobs by state. */
export interface QueueCounts {
  waiting: number;
  active: number;
  succeeded: number;
  failed: number;
  delayed: number;
}

/** A named job queue of a plugin (`<plugin>:<name>` in Redis). */
export interface JobQueue<D = unknown> {
  /** Queues a job; resolves once it is safely stored in Redis. */
  add(data: D, options?: AddJobOptions): Promise<{ id: string }>;
  /** Counts of this queue's jobs by state. */
  counts(): Promise<QueueCounts>;
}

/** Background jobs run by worker processes. */
export interface Jobs {
  /** Defines a queue and the handler that runs its jobs. */
  define<D = unknown, R = unknown>(name: string, handler: JobHandler<D, R>, options?: JobOptions): JobQueue<D>;
  /** Runs `handler` every `interval`, once across all processes. */
  every(name: string, interval: Duration, handler: JobHandler<Record<string, never>, unknown>, options?: JobOptions): void;
}

/** What a health check may return: nothing (healthy), or a detail line for admins, `degraded`, and household words. */
export type HealthResult = void | {
  /** For admins: what was seen, e.g. "answers in 12 ms" or "status page \"home\": not found". */
  detail?: string;
  /** Works, but not fully: shown amber. */
  degraded?: boolean;
  /** For household members when degraded, e.g. "Some services may be out of date". */
  message?: string;
};

/** Options of a health check. */
export interface HealthOptions {
  /** What the check reaches, in household words, e.g. "Uptime Kuma": a failing check reads "cannot reach Uptime Kuma". */
  reaches?: string;
  /** Household words when the check fails (default "<reaches> isn't available right now"). */
  downMessage?: string;
  /** A check slower than this counts as failed (default 3 s). */
  timeout?: Duration;
  /** A failing critical check makes `/api/health/ready` fail (default false). */
  critical?: boolean;
}

/** Health checks shown on `/api/status` and the admin page. */
export interface Health {
  /** Adds a check; it throws or rejects to report failure (the error's message is the admins' detail). */
  check(name: string, run: (signal: AbortSignal) => Promise<HealthResult> | HealthResult, options?: HealthOptions): void;
}

/** Where a widget goes in the portal. */
export type WidgetSlot = 'dashboard' | 'sidebar';

/** A widget's size on the board: columns of a 12-column grid and rows of 80 px. People resize within min/max. */
export interface WidgetSize {
  /** Width in columns (1-12) a new board gives it. */
  w: number;
  /** Height in rows (1-12) a new board gives it. */
  h: number;
  /** Narrowest it may be made (default 1). */
  minW?: number;
  /** Lowest it may be made (default 1). */
  minH?: number;
  /** Widest it may be made (default 12). */
  maxW?: number;
  /** Highest it may be made (default 12). */
  maxH?: number;
}

/** Options of a dashboard widget. */
export interface WidgetOptions {
  /** ES module path inside the plugin package, e.g. `ui/widget.js`; it defines the element. */
  module: string;
  /** Title shown above the widget. */
  title: string;
  /** Where it goes (default `dashboard`). */
  slot?: WidgetSlot;
  /** Size on the board: a `WidgetSize`, or the old shorthand 1 (= `{ w: 4, h: 4 }`) or 2 (= `{ w: 8, h: 4 }`); default 1. */
  size?: 1 | 2 | WidgetSize;
  /** Who sees it (default `user`); the manifest leaves it out for others. */
  auth?: AuthLevel;
}

/** Options of a full page. */
export interface PageOptions {
  /** ES module path inside the plugin package. */
  module: string;
  /** Title shown in navigation. */
  title: string;
  /** Path under `#/p/<plugin>/`; default ''. */
  path?: string;
  /** Who sees it (default `user`); the manifest leaves it out for others. */
  auth?: AuthLevel;
}

/** Options of a piece of the plugin's admin settings form. */
export interface SettingsPieceOptions {
  /** ES module path inside the plugin package, e.g. `ui/connect.js`; it defines the element. */
  module: string;
}

/** Web components the portal shell loads for this plugin. Tags must start with `mn-<id>-`. */
export interface Ui {
  /** Adds a component shown to admins above the plugin's generated settings form (e.g. "Connect Plex"). */
  settings(tag: string, options: SettingsPieceOptions): void;
  /** Adds a widget to the dashboard. */
  widget(tag: string, options: WidgetOptions): void;
  /** Adds a page with a navigation entry. */
  page(tag: string, options: PageOptions): void;
}

/** One hit of a search provider. */
export interface SearchResult {
  /** What the person sees, e.g. a film's title. */
  title: string;
  /** A second line, e.g. the year or the group. */
  subtitle?: string;
  /** Where choosing it goes: a portal route (`#/p/plex/item/123`) or an http(s) address. */
  href: string;
  /** A small picture: a path on the portal (`/api/plugins/<id>/...`) or a `data:image/...` URL. */
  image?: string;
  /** What it is, in a word people understand (`Film`, `App`, `Page`). */
  kind?: string;
}

/** What a search provider gets besides the query. */
export interface SearchContext {
  /** The person searching: show them only what they may see. */
  user: User;
  /** Aborts when the provider runs out of time or the person types on. */
  signal: AbortSignal;
  /** At most this many results are shown; return no more. */
  limit: number;
}

/** A search provider: the one search box asks every running plugin's provider at once. */
export interface SearchProvider {
  /** The heading of this provider's group of results, e.g. "Plex". */
  title: string;
  /** Finds what matches `query` (trimmed, at least 1 character). */
  search(query: string, context: SearchContext): Promise<SearchResult[]> | SearchResult[];
  /** Give up on this provider after this long (default 2 s, at most 5 s); its group then says so. */
  timeout?: Duration;
}

/** Search providers of this plugin. */
export interface Search {
  /** Adds a search provider (a plugin has at most one). */
  provider(provider: SearchProvider): void;
}

/** Live events to browsers; the name is sent as `<plugin>.<event>`. */
export interface Events {
  /** Sends to every open tab of one user. */
  toUser(userId: string, event: string, data: unknown): void;
  /** Sends to every connected browser, signed in or not. */
  toAll(event: string, data: unknown): void;
  /** Sends to every signed-in browser (for data behind `user` routes). */
  toUsers(event: string, data: unknown): void;
  /** Sends to admins only. */
  toAdmins(event: string, data: unknown): void;
}

/** A JSON cache in Redis; keys are prefixed with `<plugin>:`. */
export interface Cache {
  /** The value, or undefined when absent or expired. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Stores a JSON value, for `ttl` when given. */
  set(key: string, value: unknown, ttl?: Duration): Promise<void>;
  /** Removes a key. */
  del(key: string): Promise<void>;
  /** The cached value, or the result of `load` stored for `ttl`. */
  wrap<T>(key: string, ttl: Duration, load: () => Promise<T>): Promise<T>;
  /** A memo in this process's memory in front of `load`, for hot reads that may be up to `maxAge` stale. */
  memo<T>(key: string, maxAge: Duration, load: () => Promise<T>): Promise<T>;
}

/** The plugin's database access (its own entities and tables `<id>_...`). */
export interface Store {
  /** A fresh, forked MikroORM EntityManager: use one per request or job. */
  em(): EntityManager;
}

/** Options of an outgoing HTTP request. */
export interface HttpOptions extends RequestInit {
  /** Give up after this long (default 10 s). */
  timeout?: Duration;
  /** Extra tries on network errors and 502/503/504 for GET and HEAD (default 1). */
  retries?: number;
}

/** Options of `http.json`. */
export interface HttpJsonOptions extends HttpOptions {
  /** JSON Schema the answer must match; a mismatch throws an error naming the first wrong field. */
  schema?: JSONSchema;
}

/** Outgoing HTTP with timeouts, retries and the plugin's abort signal. */
export interface Http {
  /** Like fetch, bounded by a timeout. */
  fetch(url: string | URL, options?: HttpOptions): Promise<Response>;
  /** Fetches and parses JSON; throws on a non-2xx status, a body that is not JSON, or one that fails `schema`. */
  json<T = unknown>(url: string | URL, options?: HttpJsonOptions): Promise<T>;
}

/** Who a person is at a sign-in provider. */
export interface ExternalIdentity {
  /** Stable id at the provider (never reused for another person). */
  externalId: string;
  /** Suggested MediaNest username (letters, digits, ".", "_", "-"). */
  username: string;
  /** Name to show. */
  displayName?: string;
}

/** A way to sign in that a plugin offers, e.g. Plex's PIN flow. */
export interface AuthProviderDefinition {
  /** Unique within the plugin; the provider is known as `<plugin>.<id>`. */
  id: string;
  /** Shown on the sign-in page, e.g. "Plex". */
  name: string;
  /** Starts a sign-in: where to send the person, and the state `finish` gets back. */
  start(input: { returnUrl: string; signal: AbortSignal }): Promise<{ url: string; state: string }>;
  /** The identity once the person has signed in at the provider; null while still pending (polling flows). Throw an HttpError (e.g. `Forbidden`) to refuse with its message. */
  finish(input: { state: string; params: Record<string, string>; signal: AbortSignal }): Promise<ExternalIdentity | null>;
  /** Called after a person signed in with this provider, or linked it to their account, with their MediaNest user. */
  signedIn?(input: { user: User; identity: ExternalIdentity }): Promise<void> | void;
}

/** Sign-in providers this plugin offers; admins choose which are open. */
export interface Auth {
  /** Adds a sign-in provider. */
  provider(definition: AuthProviderDefinition): void;
  /** Ends every open session of a MediaNest user (e.g. their access at the provider was withdrawn); resolves to how many. */
  endSessions(userId: string): Promise<number>;
}

/** Seals secrets a plugin obtains itself (tokens) with the portal's encryption key, to keep them at rest. */
export interface Secrets {
  /** The sealed form of `plain` (safe to store; useless without the portal's key). */
  seal(plain: string): string;
  /** The plain value of `sealed`; throws when it was sealed with another key or altered. */
  open(sealed: string): string;
}

/** A pino-style logger. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** Everything a plugin may touch, given to `register(ctx)`. */
export interface PluginContext<C = Record<string, unknown>> {
  /** The plugin id. */
  readonly id: string;
  /** The plugin's package version. */
  readonly version: string;
  /** Config from plugins.json, validated against `configSchema`, defaults applied, secrets resolved. */
  readonly config: C;
  /** The plugin's own folder under the data directory (`<DATA_DIR>/plugins/<id>`); create it before use. */
  readonly dataDir: string;
  /** A logger that tags every line with the plugin id. */
  readonly log: Logger;
  /** HTTP routes under `/api/plugins/<id>/`. */
  readonly routes: Routes;
  /** Background and repeating jobs. */
  readonly jobs: Jobs;
  /** Health checks. */
  readonly health: Health;
  /** Web components. */
  readonly ui: Ui;
  /** Live events to browsers. */
  readonly events: Events;
  /** JSON cache in Redis. */
  readonly cache: Cache;
  /** Database access. */
  readonly store: Store;
  /** Outgoing HTTP. */
  readonly http: Http;
  /** Sign-in providers. */
  readonly auth: Auth;
  /** Results for the portal's one search box. */
  readonly search: Search;
  /** Encryption at rest for secrets the plugin keeps in its own tables. */
  readonly secrets: Secrets;
  /** Aborts when the plugin is disabled or the process shuts down. */
  readonly signal: AbortSignal;
  /** Offers a service to other plugins as `<id>.<name>`. */
  provide<T>(name: string, service: T): void;
  /** A service another plugin provides (`<plugin>.<name>`), typed by `ServiceTypes`; that plugin must be a declared dependency. */
  use<K extends keyof ServiceTypes>(token: K): ServiceTypes[K];
  /** A service another plugin provides (`<plugin>.<name>`); that plugin must be a declared dependency. */
  use<T>(token: string): T;
  /** Like `use`, but undefined when the providing plugin is absent or stopped (call it when needed, not once in register). */
  useOptional<K extends keyof ServiceTypes>(token: K): ServiceTypes[K] | undefined;
  /** Like `use`, but undefined when the providing plugin is absent or stopped. */
  useOptional<T>(token: string): T | undefined;
  /** Runs `fn` when the plugin stops (disable or shutdown). */
  onStop(fn: () => void | Promise<void>): void;
}
