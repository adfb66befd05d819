// Live events at scale: many signed-in browsers connected over WebSocket (spread over a few client
// processes), a change raised on the server, and the time until each browser heard it (server and
// clients share this machine's clock).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sleep } from './processes.js';

const CLIENT = fileURLToPath(new URL('./live-clients.js', import.meta.url));

function message(child, want) {
  return new Promise((resolve, reject) => {
    child.once('message', (msg) => (msg?.error ? reject(new Error(`a client process failed: ${msg.error}`)) : resolve(msg)));
    child.once('exit', (code) => reject(new Error(`a client process exited (${code}) before "${want}"`)));
  });
}

/** Connects `count` browsers, raises `rounds` events half a second apart; latency percentiles over every delivery. */
export async function measureLiveEvents({ url, cookies, count, rounds, raise, processes = 2 }) {
  const started = performance.now();
  const share = Math.ceil(count / processes);
  const children = Array.from({ length: processes }, (_, i) =>
    fork(CLIENT, [JSON.stringify({ url, cookies: cookies.slice(i * Math.ceil(cookies.length / processes)), count: Math.min(share, count - i * share) })], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }),
  );
  await Promise.all(children.map((c) => message(c, 'connected')));
  const connectMs = performance.now() - started;
  await sleep(1000);
  for (let seq = 0; seq < rounds; seq++) {
    await raise(seq);
    await sleep(500);
  }
  await sleep(1000);
  const reports = await Promise.all(children.map((c) => {
    const answer = message(c, 'report');
    c.send('report');
    return answer;
  }));
  const sorted = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { count, rounds, connectMs, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN, missed: rounds * count - sorted.length, processes };
}
