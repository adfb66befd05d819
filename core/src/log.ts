import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';

export type { Logger };

/** `pretty` for people at a terminal, `json` for log collectors (the default when stdout is not a terminal). */
export type LogFormat = 'pretty' | 'json';

/** The process logger; secrets are redacted by key name wherever they appear. */
export function createLogger(level: string, stream?: NodeJS.WritableStream, format: LogFormat = defaultFormat()): Logger {
  // Loaded only for terminals: servers writing JSON do not carry it in memory.
  const pretty = format === 'pretty' && !stream ? (createRequire(import.meta.url)('pino-pretty') as (options: object) => NodeJS.WritableStream) : undefined;
  if (pretty) stream = pretty({ colorize: true, singleLine: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname,app,role' });
  return pino(
    {
      level,
      base: { app: 'medianest' },
      redact: {
        paths: ['*.password', '*.token', '*.apiKey', '*.secret', '*.authorization', '*.cookie', 'req.headers.cookie', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    stream as any,
  );
}

function defaultFormat(): LogFormat {
  const asked = process.env.LOG_FORMAT;
  if (asked === 'pretty' || asked === 'json') return asked;
  return process.stdout.isTTY ? 'pretty' : 'json';
}
