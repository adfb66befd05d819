/** An HTTP error raised by the core itself (plugins throw the SDK's HttpError; both render alike). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}
