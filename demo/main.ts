// The demo page: registers the worker, creates the cache the worker's routes fill ('api'),
// mounts the inspector on it and adds the demo's controls. The inspector itself
// (./inspector) knows nothing of this page and takes any TierCache.
import { createCache, type TierCache } from '../src/index.ts';
import { createDemoControls } from './controls.ts';
import { mountInspector, type InspectorHandle } from './inspector/index.ts';
import { loadSettings, saveSettings, type DemoSettings } from './settings.ts';
import { registerWorker } from './worker.ts';
import './demo.css';

/** The worker's route database (sw/sw.ts): the responses it stores are this cache's disk tier. */
const CACHE_NAME = 'api';

function makeCache(settings: DemoSettings): TierCache {
  return createCache({
    name: CACHE_NAME,
    memory: { maxEntries: settings.memoryMaxEntries, maxBytes: settings.memoryMaxBytes },
    disk: { maxBytes: settings.diskMaxBytes },
    ttlMs: settings.ttlMs,
    strategy: settings.strategy,
    // A demo on a busy laptop: give the worker longer than the default 3 s before falling back.
    workerTimeoutMs: 8000,
  });
}

const app = document.getElementById('app');
if (!app) throw new Error('index.html must have #app');

let settings = loadSettings();
let cache = makeCache(settings);
let inspector: InspectorHandle | undefined;

const controls = createDemoControls({
  cache: () => cache,
  settings,
  say: (text, isError) => inspector?.status(text, isError),
  refresh: () => void inspector?.refresh(),
  apply(next) {
    Object.assign(settings, next);
    saveSettings(settings);
    inspector?.destroy();
    cache.close();
    cache = makeCache(settings);
    mount();
    void registerWorker(settings.diskMaxBytes);
    inspector?.status('Applied: a new TierCache with these bounds. Other tabs use them from their next load.');
  },
});

function mount(): void {
  inspector = mountInspector(app!, cache, { controls: controls.element });
}

// The worker's route database ('api', this cache's name) evicts in the worker; serveCache tells
// the pages of that name and TierCache re-emits each as one `evict` event (the demo relayed them
// a second time, so each appeared twice in the log).
mount();

void registerWorker(settings.diskMaxBytes).then(({ state, error }) => {
  app.dataset.worker = state;
  if (state === 'failed') inspector?.status(`The service worker did not register (${error}); the page runs the disk tier itself.`, true);
  else if (state === 'skipped') inspector?.status('?nosw: no service worker; the page runs the disk tier itself (fallback mode).');
  app.dataset.ready = 'true';
});

// Keep `settings` shared with the controls object (same reference) when another tab saves.
window.addEventListener('storage', (event) => {
  if (event.key !== null && event.key.startsWith('tiercache-demo:')) settings = Object.assign(settings, loadSettings());
});
