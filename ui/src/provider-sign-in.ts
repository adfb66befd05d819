import { api } from '@medianest/sdk/browser';

/** A sign-in with a provider under way: `done` resolves true once signed in (false when cancelled), or rejects with what went wrong. */
export interface ProviderSignIn {
  done: Promise<boolean>;
  cancel(): void;
}

/**
 * Opens the provider in a new tab (call it from the click, or the browser blocks the tab) and asks
 * the core every 2 s whether the person finished there; `done` resolves once this browser is signed
 * in. With `invite` (an invite link's token) the account is made with the invite's role.
 */
export function signInWithProvider(providerId: string, options: { invite?: string; onStarted?: () => void } = {}): ProviderSignIn {
  const tab = window.open('', '_blank');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cancelled = false;
  const done = (async (): Promise<boolean> => {
    let flow: string;
    try {
      const started = await api<{ flow: string; url: string }>(`/api/auth/providers/${providerId}/start`, { method: 'POST', ...(options.invite ? { json: { invite: options.invite } } : {}) });
      flow = started.flow;
      if (tab) tab.location.href = started.url;
      else window.location.href = started.url;
    } catch (err) {
      tab?.close();
      throw err;
    }
    options.onStarted?.();
    const until = Date.now() + 10 * 60_000;
    // A tab in the background may have its timers slowed by the browser: coming back to it asks at once.
    let wake: (() => void) | undefined;
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return;
      clearTimeout(timer);
      wake?.();
    };
    document.addEventListener('visibilitychange', onVisible);
    try {
      for (;;) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, 2000);
        });
        if (cancelled) return false;
        const res = await api<{ pending?: boolean }>(`/api/auth/providers/${providerId}/finish`, { method: 'POST', json: { flow } });
        if (!res?.pending) return true;
        if (Date.now() > until) throw new Error('The sign-in took too long: start again');
      }
    } finally {
      document.removeEventListener('visibilitychange', onVisible);
    }
  })();
  return {
    done,
    cancel: () => {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}
