// A tiny page for the end-to-end tests (e2e/sw-*.spec.ts): it registers the demo worker and
// exposes a TierCache on `window` for page.evaluate. Not part of the demo.
/// <reference path="../e2e/sw-globals.d.ts" />
import { createCache } from '../src/index.ts';

const params = new URLSearchParams(location.search);
window.createCache = createCache;
window.cache = createCache({ name: params.get('name') ?? 'e2e', memory: { maxEntries: 200 }, disk: { maxBytes: 16 << 20 }, workerTimeoutMs: 2000 });
window.changes = [];
window.errors = [];
window.modes = [];
window.updates = [];
window.loadQuery = () => import('./query.ts');
window.cache.addEventListener('change', (e) => window.changes.push({ ...(e as CustomEvent).detail, at: Date.now() }));
window.cache.addEventListener('error', (e) => window.errors.push(String((e as CustomEvent).detail.error?.code)));
window.cache.addEventListener('mode', (e) => window.modes.push((e as CustomEvent).detail.mode));
// Revalidation notices of the worker's route cache ('api').
new BroadcastChannel('tiercache:api').onmessage = (e) => window.updates.push(e.data);

window.swReady = (async () => {
  if (params.has('nosw') || !('serviceWorker' in navigator)) return false;
  await navigator.serviceWorker.register('/sw.js', { type: 'module' });
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  }
  return true;
})();
const status = document.getElementById('status');
void window.swReady.then((ok) => {
  if (status) status.textContent = ok ? 'controlled' : 'uncontrolled';
});
