import type Koa from 'koa';
import getRawBody from 'raw-body';
import secureJson from 'secure-json-parse';
import { HttpProblem } from './problem.js';

/** Bounds on a JSON request body; both are refused before anything is parsed. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
export const MAX_JSON_DEPTH = 32;

/**
 * Reads a JSON request body into `ctx.request.body`. Other content types are left unread.
 * Refuses, with a 4xx a person can act on: bodies over 1 MB, nesting deeper than 32 levels
 * (checked on the text, so a deep document costs no parse), `__proto__` / `constructor.prototype`
 * keys (prototype pollution), broken JSON and a top level that is not an object or array.
 */
export async function parseJsonBody(ctx: Koa.Context): Promise<void> {
  if (!ctx.request.is('application/json', '+json')) return;
  let text: string;
  try {
    text = await getRawBody(ctx.req, { length: ctx.get('content-length') || undefined, limit: BODY_LIMIT_BYTES, encoding: 'utf-8' });
  } catch (err) {
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large') throw new HttpProblem(413, 'The request body is larger than 1 MB: send less at once');
    if (e.type === 'request.aborted') throw new HttpProblem(400, 'The request body ended early: send it again');
    throw new HttpProblem(400, 'The request body could not be read: send it again');
  }
  if (text.trim() === '') return;
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new HttpProblem(400, `The request body nests deeper than ${MAX_JSON_DEPTH} levels: send a flatter document`);
  }
  let parsed: unknown;
  try {
    parsed = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (err) {
    if (/prototype|__proto__/i.test((err as Error).message)) {
      throw new HttpProblem(400, 'The request body uses a key named "__proto__" or "constructor.prototype", which is not accepted: rename it');
    }
    throw new HttpProblem(400, 'The request body is not valid JSON: check its quotes, commas and brackets');
  }
  if (parsed === null || typeof parsed !== 'object') throw new HttpProblem(400, 'The request body must be a JSON object');
  (ctx.request as { body?: unknown }).body = parsed;
}

/** The deepest nesting of objects and arrays in a JSON text, skipping strings; one pass, no parse. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}
