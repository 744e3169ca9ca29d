// Registering the demo's service worker, and the "simulate offline" switch it honours.
// The library never registers a worker itself: this is app code.

/** In the build the worker is /sw.js; the dev server serves its source (allowed scope '/'). */
export const WORKER_URL = import.meta.env.DEV ? '/sw/sw.ts' : '/sw.js';

export type WorkerState = 'controlled' | 'registered' | 'skipped' | 'unsupported' | 'failed';

/**
 * Registers the worker unless the URL says `?nosw`. The route database's budget travels in the
 * script URL (sw/sw.ts reads it), so registering with a new budget installs a worker using it.
 */
export async function registerWorker(diskMaxBytes: number): Promise<{ state: WorkerState; error?: string }> {
  if (new URLSearchParams(location.search).has('nosw')) return { state: 'skipped' };
  if (!('serviceWorker' in navigator)) return { state: 'unsupported' };
  try {
    await navigator.serviceWorker.register(`${WORKER_URL}?diskMaxBytes=${diskMaxBytes}`, { type: 'module', scope: '/' });
  } catch (error) {
    return { state: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
  // Shift+reload leaves the page uncontrolled even with an active worker: that is fallback mode.
  return { state: navigator.serviceWorker.controller ? 'controlled' : 'registered' };
}

/** The message the demo worker (sw/sw.ts) reads to fail its network as if offline. */
export interface OfflineMessage {
  type: 'tiercache-demo:offline';
  offline: boolean;
}

const realFetch = globalThis.fetch.bind(globalThis);
let offline = false;

/**
 * Turns simulated offline on or off. The controlling worker is told (its network then fails
 * like a real offline one, so answers come from the disk tier); when no worker controls the
 * page, the page's own fetch of /api/ fails instead — that is the network the page-side
 * strategies use in fallback mode.
 */
export function setSimulatedOffline(value: boolean): void {
  offline = value;
  tellWorker();
}

export function simulatedOffline(): boolean {
  return offline;
}

/** Re-sends the switch: the browser may have restarted the worker, which forgets it. */
export function tellWorker(): void {
  const message: OfflineMessage = { type: 'tiercache-demo:offline', offline };
  navigator.serviceWorker?.controller?.postMessage(message);
}

globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  if (offline && !navigator.serviceWorker?.controller) {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin === location.origin && url.pathname.startsWith('/api/')) {
      return Promise.reject(new TypeError('Failed to fetch (simulated offline)'));
    }
  }
  return realFetch(input, init);
};
navigator.serviceWorker?.addEventListener('controllerchange', tellWorker);
