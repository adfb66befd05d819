const BRAND = Symbol.for('medianest.http-error');

/** An error a route handler throws to answer with an HTTP status and a message the user can act on. */
export class HttpError extends Error {
  /** Marks the error across copies of the SDK. */
  readonly [BRAND] = true;
  /** The HTTP status code of the answer. */
  readonly status: number;
  /** Extra, safe-to-show details sent in the body (e.g. which field failed). */
  readonly details?: unknown;
  /** Headers to add to the answer (e.g. Retry-After). */
  readonly headers?: Record<string, string>;

  constructor(status: number, message: string, details?: unknown, headers?: Record<string, string>) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.details = details;
    this.headers = headers;
  }
}

/** True when `err` is an HttpError from any copy of the SDK. */
export function isHttpError(err: unknown): err is HttpError {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[BRAND] === true;
}

/** 400: the request is malformed or fails validation. */
export class BadRequest extends HttpError {
  constructor(message = 'Bad request', details?: unknown) { super(400, message, details); }
}
/** 401: the caller must sign in. */
export class Unauthorized extends HttpError {
  constructor(message = 'Sign in to continue') { super(401, message); }
}
/** 403: the caller is signed in but may not do this. */
export class Forbidden extends HttpError {
  constructor(message = 'You are not allowed to do this') { super(403, message); }
}
/** 404: the thing asked for does not exist. */
export class NotFound extends HttpError {
  constructor(message = 'Not found') { super(404, message); }
}
/** 409: the request conflicts with the current state. */
export class Conflict extends HttpError {
  constructor(message = 'Conflict', details?: unknown) { super(409, message, details); }
}
/** 429: too many requests; `retryAfterSeconds` becomes the Retry-After header. */
export class TooManyRequests extends HttpError {
  constructor(message = 'Too many requests', retryAfterSeconds = 60) {
    super(429, message, undefined, { 'Retry-After': String(retryAfterSeconds) });
  }
}
/** 502: an upstream service answered badly. */
export class BadGateway extends HttpError {
  constructor(message = 'The upstream service answered badly') { super(502, message); }
}
/** 503: a service the route needs is unavailable right now. */
export class ServiceUnavailable extends HttpError {
  constructor(message = 'Service unavailable', retryAfterSeconds?: number) {
    super(503, message, undefined, retryAfterSeconds ? { 'Retry-After': String(retryAfterSeconds) } : undefined);
  }
}
