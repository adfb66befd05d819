// A child process of the bench holding part of the browsers: connects them, then reports every
// delivery's latency when asked. Several of these run at once, as browsers do on many machines.
import { io } from 'socket.io-client';

const { url, cookies, count } = JSON.parse(process.argv[2]);
const sockets = [];
const latencies = [];

async function connectAll() {
  const batch = 50;
  for (let i = 0; i < count; i += batch) {
    const opened = [];
    for (let j = i; j < Math.min(count, i + batch); j++) {
      const socket = io(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: cookies[j % cookies.length], origin: url } });
      socket.on('bench.ping', ({ sentAt }) => latencies.push(Date.now() - sentAt));
      sockets.push(socket);
      opened.push(new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      }));
    }
    await Promise.all(opened);
  }
}

process.on('message', (msg) => {
  if (msg === 'report') {
    for (const socket of sockets) socket.disconnect();
    process.send({ latencies }, () => process.exit(0));
  }
});
connectAll().then(
  () => process.send('connected'),
  (err) => {
    process.send({ error: err.message });
    process.exit(1);
  },
);
