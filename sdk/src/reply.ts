const BRAND = Symbol.for('medianest.reply');

/** A handler's answer with a status or headers other than the defaults. */
export class Reply {
  /** Marks a Reply across copies of the SDK. */
  readonly [BRAND] = true;
  constructor(
    /** HTTP status. */
    readonly status: number,
    /** JSON body (undefined for none); a Uint8Array/Buffer is sent as bytes as it is (set `content-type` in `headers`). */
    readonly body?: unknown,
    /** Extra headers. */
    readonly headers: Record<string, string> = {},
  ) {}
}

/** Answers with `status` and `body`, e.g. `return reply(201, created)`. */
export function reply(status: number, body?: unknown, headers?: Record<string, string>): Reply {
  return new Reply(status, body, headers);
}

/** True when `value` is a Reply from any copy of the SDK. */
export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
