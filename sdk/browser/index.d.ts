/** An error answer from the core. */
export declare class ApiError extends Error {
  /** HTTP status (0 when the core could not be reached). */
  readonly status: number;
  /** The request id, to find the failure in the logs. */
  readonly requestId?: string;
  /** Field errors of a 400. */
  readonly details?: unknown;
}

/** Calls the core and returns its JSON answer; sends the CSRF token; throws ApiError on non-2xx. */
export declare function api<T = any>(path: string, init?: RequestInit & { json?: unknown }): Promise<T>;

/** Subscribes to a live event (`<plugin>.<event>`); returns the unsubscribe function. */
export declare function live<T = any>(event: string, handler: (data: T) => void): () => void;

/** Calls `handler(true|false)` now and whenever the live connection comes or goes; returns the unsubscribe function. */
export declare function onConnectionChange(handler: (connected: boolean) => void): () => void;

/** Whether the live connection is up. */
export declare function isConnected(): boolean;

/** Connects the live socket again (after signing in or out), so events for signed-in people reach this tab. */
export function reconnect(): void;
