import { pino, type Logger } from 'pino';

export type { Logger };

/** The process logger: JSON lines; secrets are redacted by key name wherever they appear. */
export function createLogger(level: string, stream?: NodeJS.WritableStream): Logger {
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
