// Runs yt-dlp as a child in its own process group, reads its machine-readable progress lines
// (`--newline --progress-template`), never its human output, and ends the whole group on cancel.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// util-linux's setpriv sets a "parent death signal": if the worker dies (even by kill -9), its
// yt-dlp dies with it instead of writing on into the partial file the next try continues.
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

/** The program's path (as given, or found on PATH), or null when it is not there. */
export function findProgram(program: string): string | null {
  if (program.includes('/')) return existsSync(program) ? program : null;
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, program))) return join(dir, program);
  return null;
}

/** How to start `program` so it ends when this process ends. */
export function tied(program: string, args: string[]): [string, string[]] {
  return SETPRIV ? [SETPRIV, ['--pdeathsig', 'KILL', '--', program, ...args]] : [program, args];
}

const missing = (program: string): NodeJS.ErrnoException => Object.assign(new Error(`spawn ${program} ENOENT`), { code: 'ENOENT' });

/** A progress report, from the `download:` and `postprocess:` templates. */
export type Progress =
  | { phase: 'downloading'; bytesDone: number; bytesTotal: number | null; speed: number | null; eta: number | null; fragment?: string }
  | { phase: 'processing'; step: string };

const DOWNLOAD = 'MNP ';
const POSTPROCESS = 'MNPP ';

/** The progress arguments this module parses. */
export const PROGRESS_ARGS = [
  '--newline', '--quiet', '--progress', '--no-colors',
  '--progress-template', `download:${DOWNLOAD}%(progress)j`,
  '--progress-template', `postprocess:${POSTPROCESS}%(progress.status)s %(progress.postprocessor)s`,
];

/** One line of yt-dlp's stdout, or null when it is not a progress line. */
export function parseProgress(line: string): Progress | null {
  if (line.startsWith(DOWNLOAD)) {
    let p: Record<string, unknown>;
    try {
      p = JSON.parse(line.slice(DOWNLOAD.length));
    } catch {
      return null;
    }
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    const fragments = num(p.fragment_count) ? `${p.fragment_index}/${p.fragment_count}` : undefined;
    return {
      phase: 'downloading',
      bytesDone: num(p.downloaded_bytes) ?? 0,
      bytesTotal: num(p.total_bytes) ?? num(p.total_bytes_estimate),
      speed: num(p.speed),
      eta: num(p.eta),
      ...(fragments ? { fragment: fragments } : {}),
    };
  }
  if (line.startsWith(POSTPROCESS)) {
    const [, step = ''] = line.slice(POSTPROCESS.length).split(' ');
    return { phase: 'processing', step };
  }
  return null;
}

export interface RunResult {
  /** yt-dlp's exit code (null when it was killed by a signal). */
  code: number | null;
  /** The signal that ended it, if any. */
  signal: NodeJS.Signals | null;
  /** Its stderr (warnings and errors), the last 16 KB. */
  stderr: string;
  /** Set when the program could not be started (e.g. ENOENT: not installed). */
  spawnError?: NodeJS.ErrnoException;
}

export interface RunOptions {
  onProgress?: (p: Progress) => void;
  /** Called with the process id once it runs (to record which process holds a download). */
  onStart?: (pid: number) => void;
  /** Aborting ends the process group: SIGTERM, then SIGKILL after `killAfterMs`. */
  signal?: AbortSignal;
  killAfterMs?: number;
  /** Environment for the child. */
  env?: NodeJS.ProcessEnv;
}

/** Ends a process group: SIGTERM now, SIGKILL a little later if anything is left. */
export function killGroup(pid: number, killAfterMs = 3000): void {
  const send = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch { /* gone already */ }
  };
  send('SIGTERM');
  setTimeout(() => send('SIGKILL'), killAfterMs).unref();
}

/** Runs yt-dlp with `args`; resolves when it has exited (never rejects). */
export function runYtDlp(program: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const found = findProgram(program);
  if (!found) return Promise.resolve({ code: null, signal: null, stderr: '', spawnError: missing(program) });
  return new Promise((resolve) => {
    let stderr = '';
    let settled = false;
    const done = (r: RunResult) => {
      if (!settled) {
        settled = true;
        options.signal?.removeEventListener('abort', onAbort);
        resolve(r);
      }
    };
    // detached: a process group of its own, so cancel ends yt-dlp *and* the ffmpeg it started.
    const [command, argv] = tied(found, args);
    const child = spawn(command, argv, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
    const onAbort = () => child.pid && killGroup(child.pid, options.killAfterMs);
    child.once('error', (err: NodeJS.ErrnoException) => done({ code: null, signal: null, stderr, spawnError: err }));
    if (child.pid) options.onStart?.(child.pid);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-16_384);
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const p = parseProgress(line);
      if (p) options.onProgress?.(p);
    });
    child.once('close', (code, signal) => done({ code, signal, stderr }));
  });
}

/** Runs yt-dlp and returns its stdout as text (for `-J` probes and `--version`). */
export function captureYtDlp(program: string, args: string[], signal?: AbortSignal, maxBytes = 64 * 1024 * 1024): Promise<RunResult & { stdout: string }> {
  const found = findProgram(program);
  if (!found) return Promise.resolve({ code: null, signal: null, stdout: '', stderr: '', spawnError: missing(program) });
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const [command, argv] = tied(found, args);
    const child = spawn(command, argv, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const onAbort = () => child.pid && killGroup(child.pid, 1000);
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      if (stdout.length > maxBytes) onAbort();
    });
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-16_384)));
    let settled = false;
    const done = (r: RunResult & { stdout: string }) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    child.once('error', (err: NodeJS.ErrnoException) => done({ code: null, signal: null, stdout, stderr, spawnError: err }));
    child.once('close', (code, sig) => done({ code, signal: sig, stdout, stderr }));
  });
}

/** yt-dlp's documented exit codes: 0 success, 101 stopped on purpose (--max-downloads, --break-on-existing): also success. */
export const succeeded = (code: number | null): boolean => code === 0 || code === 101;
