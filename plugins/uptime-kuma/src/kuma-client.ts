// Reads Uptime Kuma's public status page API (and /metrics with an API key) through the SDK's http.
import { toMs, type Http, type JSONSchema } from '@medianest/sdk';
import { trimBase, type KumaConfig } from './config.js';
import { heartbeatSchema, statusPageSchema, type KumaHeartbeats, type KumaStatusPage } from './kuma-schemas.js';
import { parseResponseTimes, type ResponseTimes } from './metrics.js';

/** An error whose message is safe to show to every signed-in user (no address, no key). */
export class KumaError extends Error {}

export class KumaClient {
  private readonly base: string;

  constructor(private readonly http: Http, private readonly config: KumaConfig) {
    this.base = trimBase(config.baseUrl);
  }

  /** The status page's groups, monitors, incident and maintenance. */
  statusPage(slug: string, signal?: AbortSignal): Promise<KumaStatusPage> {
    return this.json(`/api/status-page/${slug}`, statusPageSchema, signal, `no status page "${slug}"`);
  }

  /** Recent heartbeats and 24 h uptime of the page's monitors. */
  heartbeats(slug: string, signal?: AbortSignal): Promise<KumaHeartbeats> {
    return this.json(`/api/status-page/heartbeat/${slug}`, heartbeatSchema, signal);
  }

  /** Current response times from /metrics (HTTP basic auth: empty user, the API key as password). */
  async responseTimes(signal?: AbortSignal): Promise<ResponseTimes> {
    const key = this.config.apiKey;
    if (!key) throw new KumaError('no API key is set');
    let res: Response;
    try {
      res = await this.http.fetch(`${this.base}/metrics`, {
        timeout: this.config.timeout,
        retries: 0,
        signal,
        headers: { authorization: `Basic ${Buffer.from(`:${key}`).toString('base64')}` },
      });
    } catch (err) {
      throw this.explain(err, '/metrics');
    }
    if (res.status === 401 || res.status === 403) throw new KumaError(`Uptime Kuma refused the API key (${res.status}): create a new one under Settings → API Keys`);
    if (!res.ok) throw new KumaError(`/metrics answered ${res.status}`);
    return parseResponseTimes(await res.text());
  }

  /** How long Uptime Kuma takes to answer at all, in ms. */
  async ping(signal?: AbortSignal): Promise<number> {
    const started = performance.now();
    let res: Response;
    try {
      res = await this.http.fetch(`${this.base}/api/entry-page`, { timeout: this.config.timeout, retries: 0, signal });
      await res.arrayBuffer();
    } catch (err) {
      throw this.explain(err, '/api/entry-page');
    }
    if (res.status >= 500) throw new KumaError(`Uptime Kuma answered ${res.status}`);
    return Math.round(performance.now() - started);
  }

  private async json<T>(path: string, schema: JSONSchema, signal: AbortSignal | undefined, onTimeout?: string): Promise<T> {
    try {
      return await this.http.json<T>(`${this.base}${path}`, { timeout: this.config.timeout, retries: 0, schema, signal });
    } catch (err) {
      throw this.explain(err, path, onTimeout);
    }
  }

  /** Rewrites the SDK's error (which names the full URL) into a sentence about the path only. */
  private explain(err: unknown, path: string, onTimeout?: string): KumaError {
    if (err instanceof KumaError) return err;
    const message = (err as Error).message ?? String(err);
    const code = ((err as { cause?: { code?: string } }).cause?.code) ?? '';
    const seconds = toMs(this.config.timeout) / 1000;
    if (/did not (answer|finish its answer) within/.test(message)) {
      const hint = onTimeout ? ` (Uptime Kuma is slow, or there is ${onTimeout}: Uptime Kuma never answers for a slug it does not know)` : '';
      return new KumaError(`${path} did not answer within ${seconds} s${hint}`);
    }
    const shape = /answered JSON of an unexpected shape: (.*)$/.exec(message);
    if (shape) return new KumaError(`${path} answered an unexpected shape: ${shape[1]}`);
    if (/did not answer JSON/.test(message)) return new KumaError(`${path} answered something that is not JSON (is the base URL Uptime Kuma's?)`);
    const status = / answered (\d{3}.*)$/.exec(message);
    if (status) return new KumaError(`${path} answered ${status[1]}`);
    if (code) return new KumaError(`cannot connect to Uptime Kuma (${code})`);
    return new KumaError(`cannot reach Uptime Kuma (${message.replaceAll(this.base, '')})`);
  }
}
