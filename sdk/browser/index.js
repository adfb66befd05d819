// Browser helpers for plugin UI modules: JSON calls to the core and live events over one socket.io connection.
// The portal's import map serves this module (bundled with socket.io-client) as `@medianest/sdk/browser`.
import { io } from 'socket.io-client';

let socket;
const connectionListeners = new Set();

function connection() {
  if (!socket) {
    socket = io({ path: '/socket.io', transports: ['websocket', 'polling'], withCredentials: true });
    socket.on('connect', () => connectionListeners.forEach((fn) => fn(true)));
    socket.on('disconnect', () => connectionListeners.forEach((fn) => fn(false)));
    // The core refuses a connection only when it cannot look the session up (Redis away); socket.io
    // does not retry a refused one by itself, so try again a little later.
    socket.on('connect_error', () => {
      if (!socket.active) setTimeout(() => socket.connect(), 5000);
    });
  }
  return socket;
}

function csrfToken() {
  const match = /(?:^|;\s*)mn_csrf=([^;]+)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]) : undefined;
}

/** An error answer from the core: `status`, the server's message, and its request id. */
export class ApiError extends Error {
  constructor(status, message, requestId, details) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.requestId = requestId;
    this.details = details;
  }
}

export async function api(path, init = {}) {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const token = csrfToken();
  if (token) headers.set('x-csrf-token', token);
  let res;
  try {
    res = await fetch(path, { ...init, body, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'MediaNest cannot be reached: check your connection');
  }
  if (res.status === 204) return undefined;
  const text = await res.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) throw new ApiError(res.status, data?.error ?? `${res.status} ${res.statusText}`, data?.requestId, data?.details);
  return data;
}

export function live(event, handler) {
  const s = connection();
  s.on(event, handler);
  return () => s.off(event, handler);
}

export function onConnectionChange(handler) {
  connectionListeners.add(handler);
  handler(connection().connected);
  return () => connectionListeners.delete(handler);
}

/** Connects again, e.g. after signing in or out, so the server puts this tab in the right rooms. */
export function reconnect() {
  if (!socket) return;
  socket.disconnect();
  socket.connect();
}

export function isConnected() {
  return connection().connected;
}
