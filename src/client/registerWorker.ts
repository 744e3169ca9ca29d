// registerWorker(): registers the app's service worker (the one tiercache/vite builds at /sw.js)
// as an ES module worker, resolves once it controls the page, and tells the app when a new
// version is installed and waiting, so the app can offer a reload instead of guessing.

export interface RegisterWorkerOptions {
  /** The worker's URL. Default '/sw.js' (what tiercache/vite serves with base '/'). */
  url?: string | URL;
  /** The registration's scope. Default: the worker's folder. */
  scope?: string;
  /** How long to wait for the new worker to take control on a first visit. Default 10000 ms. */
  controlTimeoutMs?: number;
}

export interface WorkerUpdateDetail {
  /** The new version, installed and waiting for the open tabs to close. */
  waiting: ServiceWorker;
  /** Activates it now; with reload (default true), reloads the page once it has taken control. */
  activate(options?: { reload?: boolean }): Promise<void>;
}

/** What `registerWorker` resolves to. Events: `update` (detail: WorkerUpdateDetail). */
export interface RegisteredWorker extends EventTarget {
  /** undefined where service workers are unavailable (http:, some private modes): the cache then runs in the page. */
  readonly registration: ServiceWorkerRegistration | undefined;
  /** Whether a worker controls the page now (false after Shift+reload, or without support). */
  readonly controlled: boolean;
  addEventListener(type: 'update', listener: (event: CustomEvent<WorkerUpdateDetail>) => void, options?: AddEventListenerOptions | boolean): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean): void;
}

// The typed addEventListener overload is a declaration only: the listener receives the CustomEvent dispatched below.
class Registered extends EventTarget {
  readonly registration: ServiceWorkerRegistration | undefined;
  constructor(registration: ServiceWorkerRegistration | undefined) {
    super();
    this.registration = registration;
  }
  get controlled(): boolean {
    return typeof navigator === 'object' && !!navigator.serviceWorker?.controller;
  }
}

/**
 * Registers the worker with `type: 'module'`. Resolves once it controls the page (first visit:
 * when it has activated and claimed the page; later visits: at once). A page loaded with
 * Shift+reload is never controlled: it resolves without waiting, `controlled` false.
 * Rejects with the browser's own error when registration fails (script missing, syntax error).
 */
export async function registerWorker(options: RegisterWorkerOptions = {}): Promise<RegisteredWorker> {
  if (typeof options !== 'object' || options === null) throw new TypeError('registerWorker(options): options must be an object');
  const timeoutMs = options.controlTimeoutMs ?? 10_000;
  if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) throw new RangeError(`controlTimeoutMs must be a number >= 0, got ${String(timeoutMs)}`);
  const container = typeof navigator === 'object' ? navigator.serviceWorker : undefined;
  if (!container) return new Registered(undefined) as unknown as RegisteredWorker;

  const hadWorker = (await container.getRegistration(options.scope))?.active != null;
  const registration = await container.register(options.url ?? '/sw.js', {
    type: 'module',
    ...(options.scope === undefined ? {} : { scope: options.scope }),
  });
  const registered = new Registered(registration);
  watchUpdates(registration, container, registered);
  if (!container.controller && !hadWorker) await controlled(container, timeoutMs);
  if (registration.waiting && container.controller) announce(registered, registration.waiting, container);
  return registered as unknown as RegisteredWorker;
}

/** Resolves at the first controllerchange, or after timeoutMs (a worker that never claims). */
function controlled(container: ServiceWorkerContainer, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      container.removeEventListener('controllerchange', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    container.addEventListener('controllerchange', done);
  });
}

/** A worker installed while another controls the page is an update waiting: tell the app. */
function watchUpdates(registration: ServiceWorkerRegistration, container: ServiceWorkerContainer, target: Registered): void {
  registration.addEventListener('updatefound', () => {
    const installing = registration.installing;
    if (!installing) return;
    installing.addEventListener('statechange', () => {
      if (installing.state === 'installed' && container.controller) announce(target, installing, container);
    });
  });
}

function announce(target: Registered, waiting: ServiceWorker, container: ServiceWorkerContainer): void {
  const detail: WorkerUpdateDetail = {
    waiting,
    activate: ({ reload = true } = {}) =>
      new Promise<void>((resolve) => {
        container.addEventListener(
          'controllerchange',
          () => {
            if (reload) location.reload();
            resolve();
          },
          { once: true },
        );
        waiting.postMessage({ type: 'SKIP_WAITING' });
      }),
  };
  // Dispatched on a later task, so a listener added right after `await registerWorker()` hears it.
  setTimeout(() => target.dispatchEvent(new CustomEvent('update', { detail })), 0);
}
