/** The reason a job's signal aborts when its worker stops (plugin disabled, process shutting down). */
export class JobStopping extends Error {
  constructor() {
    super('the worker is stopping');
    this.name = 'JobStopping';
  }
}

/** A try that ran past its timeout. */
export class JobTimeout extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'JobTimeout';
  }
}

/** A try cut short because its worker stopped: it does not count, the job runs again. */
export class JobInterrupted extends Error {
  constructor(cause?: unknown) {
    super('the job was interrupted because its worker stopped', { cause });
    this.name = 'JobInterrupted';
  }
}

/**
 * Runs one try of a job handler and settles with its result or error, bounded in time:
 * - past `timeoutMs` the signal aborts with a JobTimeout and the try fails at once;
 * - when the signal aborts with a JobStopping the handler gets `graceMs` to finish: a result
 *   still counts, an error or no answer in time becomes a JobInterrupted.
 * A handler that ignores its signal keeps running in the background; its late answer is ignored.
 */
export function runHandler<R>(start: () => Promise<R> | R, abort: AbortController, timeoutMs: number, graceMs: number): Promise<R> {
  const work = Promise.resolve().then(start);
  let timeout: NodeJS.Timeout | undefined;
  let grace: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  return new Promise<R>((resolve, reject) => {
    let stopping = false;
    work.then(resolve, (err) => reject(stopping ? new JobInterrupted(err) : err));
    onAbort = () => {
      const reason = abort.signal.reason;
      if (reason instanceof JobStopping) {
        stopping = true;
        grace = setTimeout(() => reject(new JobInterrupted(reason)), graceMs);
      } else {
        reject(reason);
      }
    };
    if (abort.signal.aborted) onAbort();
    else abort.signal.addEventListener('abort', onAbort, { once: true });
    timeout = setTimeout(() => abort.abort(new JobTimeout(timeoutMs)), timeoutMs);
  }).finally(() => {
    clearTimeout(timeout);
    clearTimeout(grace);
    if (onAbort) abort.signal.removeEventListener('abort', onAbort);
  });
}
