import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { live } from '@medianest/sdk/browser';

/** Calls `load` when the host connects and again on every `event`; stops listening when it disconnects. */
export class LiveReload implements ReactiveController {
  private off?: () => void;

  constructor(host: ReactiveControllerHost, private readonly event: string, private readonly load: () => void) {
    host.addController(this);
  }

  hostConnected(): void {
    this.load();
    this.off = live(this.event, () => this.load());
  }

  hostDisconnected(): void {
    this.off?.();
  }
}
