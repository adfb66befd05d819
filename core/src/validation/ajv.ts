import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { toMs, type Duration } from '@medianest/sdk';

const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** An ajv instance that knows formats and MediaNest's `x-` schema keywords. */
export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, ...options });
  addFormats(ajv);
  for (const keyword of ['x-secret', 'x-duration']) ajv.addKeyword({ keyword, schemaType: 'boolean' });
  ajv.addKeyword({
    keyword: 'x-min-ms',
    schemaType: 'number',
    validate: function check(min: number, data: unknown) {
      let ms: number;
      try {
        ms = toMs(data as Duration);
      } catch {
        return true; // the pattern or type rule reports it
      }
      if (ms >= min) return true;
      (check as any).errors = [{ keyword: 'x-min-ms', message: `must be at least ${min / 1000}s`, params: { limit: min } }];
      return false;
    },
  });
  return ajv;
}

/** One failed rule, named so a person can find the field. */
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
