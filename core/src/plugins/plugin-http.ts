import type { ValidateFunction } from 'ajv';
import { toMs, type Http, type HttpJsonOptions, type HttpOptions } from '@medianest/sdk';
import { createAjv, describeErrors, fieldErrors } from '../validation/ajv.js';

// Schemas plugins give to http.json: compiled once each, reporting the first mismatch only.
const answerAjv = createAjv({ allErrors: false, useDefaults: false, coerceTypes: false });
const answerChecks = new WeakMap<object, ValidateFunction>();
function compiledSchema(schema: object): ValidateFunction {
  let check = answerChecks.get(schema);
  if (!check) answerChecks.set(schema, (check = answerAjv.compile(schema)));
  return check;
}

/** Outgoing HTTP for a plugin: timeouts, retries for GET/HEAD, JSON checked against a schema; `signal` aborts it all. */
export function createPluginHttp(signal: AbortSignal): Http {
  const deps = { signal };
  const http: Http = {
    async fetch(url: string | URL, options: HttpOptions = {}) {
      const { timeout = 10_000, retries = 1, ...init } = options;
      const method = (init.method ?? 'GET').toUpperCase();
      const tries = method === 'GET' || method === 'HEAD' ? retries + 1 : 1;
      let lastError: unknown;
      for (let attempt = 1; attempt <= tries; attempt++) {
        const signal = AbortSignal.any([AbortSignal.timeout(toMs(timeout)), deps.signal, ...(init.signal ? [init.signal] : [])]);
        try {
          const res = await fetch(url, { ...init, signal });
          if (attempt < tries && [502, 503, 504].includes(res.status)) {
            lastError = new Error(`${url} answered ${res.status}`);
          } else {
            return res;
          }
        } catch (err) {
          if (deps.signal.aborted) throw err;
          lastError = (err as Error).name === 'TimeoutError' ? new Error(`${url} did not answer within ${toMs(timeout)} ms`) : err;
        }
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
      throw lastError;
    },
    async json<T>(url: string | URL, options?: HttpJsonOptions) {
      const { schema, ...rest } = options ?? {};
      const res = await http.fetch(url, { ...rest, headers: { accept: 'application/json', ...(rest.headers as Record<string, string>) } });
      let text: string;
      try {
        text = await res.text();
      } catch (err) {
        // The timeout also bounds reading the body; say so instead of a bare AbortError.
        if (deps.signal.aborted) throw err;
        const name = (err as Error).name;
        throw new Error(name === 'TimeoutError' || name === 'AbortError' ? `${url} did not finish its answer within ${toMs(rest.timeout ?? 10_000)} ms` : `${url}: ${(err as Error).message}`);
      }
      if (!res.ok) throw new Error(`${url} answered ${res.status} ${res.statusText}`);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new Error(`${url} did not answer JSON`);
      }
      if (schema) {
        const check = compiledSchema(schema);
        if (!check(value)) throw new Error(`${url} answered JSON of an unexpected shape: ${describeErrors(fieldErrors('answer', check.errors))}`);
      }
      return value as T;
    },

  };
  return http;
}
