// Live events at scale: many signed-in browsers connected over WebSocket, a change raised on the
// server, and the time until each browser heard it (the server's clock and ours are the same machine's).
import { io } from 'socket.io-client';
import { sleep } from './processes.js';

async function connectAll(url, cookies, count, origin) {
  const sockets = [];
  const batch = 100; // a household's browsers do not all connect in the same millisecond either
  for (let i = 0; i < count; i += batch) {
    const opened = [];
    for (let j = i; j < Math.min(count, i + batch); j++) {
      const socket = io(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: cookies[j % cookies.length], origin } });
      sockets.push(socket);
      opened.push(new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      }));
    }
    await Promise.all(opened);
  }
  return sockets;
}

/** Connects `count` browsers, raises `rounds` events half a second apart; latency percentiles over every delivery. */
export async function measureLiveEvents({ url, cookies, count, rounds, raise }) {
  const started = performance.now();
  const sockets = await connectAll(url, cookies, count, url);
  const connectMs = performance.now() - started;
  const latencies = [];
  const heard = new Map();
  for (const socket of sockets) {
    socket.on('bench.ping', ({ seq, sentAt }) => {
      latencies.push(Date.now() - sentAt);
      heard.set(seq, (heard.get(seq) ?? 0) + 1);
    });
  }
  await sleep(500);
  for (let seq = 0; seq < rounds; seq++) {
    await raise(seq);
    await sleep(500);
  }
  await sleep(1000);
  for (const socket of sockets) socket.disconnect();
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const missed = rounds * count - sorted.length;
  return { count, rounds, connectMs, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN, missed };
}
