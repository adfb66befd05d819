// A worker process (role "worker") of a test portal, run as a child so a test can kill -9 it.
// argv: a JSON of { databaseUrl, redisUrl, redisPrefix, pluginsFile, dataDir }.
import { startCore } from '@medianest/core';

const options = JSON.parse(process.argv[2]!);
const core = await startCore({ ...options, role: 'worker', host: '127.0.0.1', port: 0, logLevel: process.env.TEST_LOG_LEVEL ?? 'silent', stallIntervalMs: 1000 });
process.stdout.write('ready\n');
process.on('SIGTERM', () => void core.stop().then(() => process.exit(0)));
