import { Ajv, type ErrorObject, type FuncKeywordDefinition, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { toMs, type Duration } from '@medianest/sdk';

const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** An ajv instance that knows formats, MediaNest's `x-` schema keywords and `errorMessage`.
 *  `verbose` puts the failing schema node on each error, where messages.ts finds titles and messages. */
export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, verbose: true, ...options });
  addFormats(ajv);
  for (const keyword of ['x-secret', 'x-duration']) ajv.addKeyword({ keyword, schemaType: 'boolean' });
  ajv.addKeyword({ keyword: 'errorMessage', schemaType: ['string', 'object'] });
  ajv.addKeyword(durationBound('x-min-ms', (ms, limit) => ms >= limit, (limit) => `must be at least ${seconds(limit)}`));
  ajv.addKeyword(durationBound('x-max-ms', (ms, limit) => ms <= limit, (limit) => `must be at most ${seconds(limit)}`));
  return ajv;
}

const seconds = (ms: number) => `${ms / 1000}s`;

/** A keyword bounding a duration (`"30s"`, or a number of ms); the pattern or type rule reports unreadable values. */
function durationBound(keyword: string, holds: (ms: number, limit: number) => boolean, message: (limit: number) => string): FuncKeywordDefinition {
  return {
    keyword,
    schemaType: 'number',
    validate: function check(limit: number, data: unknown) {
      let ms: number;
      try {
        ms = toMs(data as Duration);
      } catch {
        return true;
      }
      if (holds(ms, limit)) return true;
      (check as any).errors = [{ keyword, message: message(limit), params: { limit } }];
      return false;
    },
  };
}

/** One failed rule, for logs and for people who edit files by hand (plugins.json, package.json,
 *  an upstream's answer); what a person sees in the portal comes from messages.ts. */
export interface FieldError {
  in: string;
  field: string;
  rule: string;
  message: string;
}

export function fieldErrors(where: string, errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => {
    let field = e.instancePath.replace(/^\//, '').replaceAll('/', '.');
    if (e.keyword === 'required') field = [field, (e.params as { missingProperty: string }).missingProperty].filter(Boolean).join('.');
    if (e.keyword === 'additionalProperties') field = [field, (e.params as { additionalProperty: string }).additionalProperty].filter(Boolean).join('.');
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'enum') message += `: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    if (e.keyword === 'additionalProperties') message = 'is not a known property';
    return { in: where, field: field || '(root)', rule: e.keyword, message };
  });
}

/** "body.title must be string; query.limit must be <= 100" */
export function describeErrors(errors: FieldError[]): string {
  return errors.map((e) => `${e.in}${e.field === '(root)' ? '' : '.' + e.field} ${e.message}`).join('; ');
}
