// The demo's own controls, shown inside the inspector's controls panel: traffic against the
// mock API (fetch N pages, a burst that overflows the budgets), latency, simulated offline,
// the cache's bounds and TTL, and a log of recent responses with where each answer came from.
import type { TierCache } from '../src/index.ts';
import { STRATEGIES, type Strategy } from '../src/types.ts';
import { formatBytes } from './inspector/format.ts';
import { burstCount, parseSettings, type DemoSettings } from './settings.ts';
import { sourceOf, type Source } from './source.ts';
import { setSimulatedOffline, simulatedOffline, tellWorker } from './worker.ts';

export interface DemoControlsOptions {
  cache: () => TierCache;
  settings: DemoSettings;
  /** New bounds: the page recreates its cache with them. */
  apply: (settings: DemoSettings) => void;
  say: (text: string, isError?: boolean) => void;
  /** Re-read the cache once an action finished (worker-side writes raise no page event). */
  refresh: () => void;
}


const BURST_VALUE_BYTES = 128 << 10;
const MiB = 1 << 20;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function field(label: string, input: HTMLInputElement | HTMLSelectElement, unit?: string): HTMLLabelElement {
  return el('label', { class: 'demo-field' }, el('span', { text: label }), input, ...(unit ? [el('span', { class: 'demo-unit', 'aria-hidden': 'true', text: unit })] : []));
}

function numberInput(name: string, value: number, min: number, max: number, step = 1): HTMLInputElement {
  return el('input', { type: 'number', name, value: String(value), min: String(min), max: String(max), step: String(step), inputmode: 'numeric' });
}

export function createDemoControls(options: DemoControlsOptions): { element: HTMLElement; setBusy: (busy: boolean) => void } {
  const { settings } = options;
  const pages = numberInput('pages', settings.pages, 1, 100);
  const strategy = el('select', { name: 'strategy' });
  for (const s of STRATEGIES) strategy.append(el('option', { value: s, text: s }));
  strategy.value = settings.strategy;
  const fetchButton = el('button', { type: 'button', class: 'tci-button primary', 'data-action': 'fetch-pages' });
  const burstButton = el('button', { type: 'button', class: 'tci-button', 'data-action': 'burst', text: 'Burst: overflow the budget' });
  const latency = el('input', { type: 'range', name: 'latency', min: '0', max: '2000', step: '50', value: '0', 'aria-describedby': 'demo-latency-out' });
  const latencyOut = el('output', { id: 'demo-latency-out', for: 'latency', text: '0 ms' });
  const offline = el('button', { type: 'button', role: 'switch', 'aria-checked': 'false', class: 'demo-switch', 'data-action': 'offline' }, el('span', { class: 'demo-switch-knob', 'aria-hidden': 'true' }), el('span', { text: 'Simulate offline' }));

  const labelFetch = () => {
    fetchButton.textContent = `Fetch ${pages.valueAsNumber || settings.pages} pages`;
  };
  labelFetch();
  pages.addEventListener('input', labelFetch);

  const traffic = el(
    'fieldset',
    { class: 'demo-group' },
    el('legend', { text: 'Traffic' }),
    field('Pages', pages),
    field('Strategy', strategy),
    fetchButton,
    burstButton,
    field('Latency', latency),
    latencyOut,
    offline,
  );

  const memEntries = numberInput('memoryMaxEntries', settings.memoryMaxEntries, 1, 100_000);
  const memMiB = numberInput('memoryMaxMiB', settings.memoryMaxBytes / MiB, 0.0625, 512, 0.0625);
  const diskMiB = numberInput('diskMaxMiB', settings.diskMaxBytes / MiB, 0.25, 2048, 0.25);
  const ttl = numberInput('ttlSeconds', settings.ttlMs / 1000, 1, 604_800);
  const applyButton = el('button', { type: 'submit', class: 'tci-button', 'data-action': 'apply-bounds', text: 'Apply bounds and TTL' });
  const bounds = el(
    'form',
    { class: 'demo-group' },
    el(
      'fieldset',
      {},
      el('legend', { text: 'Bounds and TTL' }),
      field('Memory entries', memEntries),
      field('Memory', memMiB, 'MiB'),
      field('Disk budget', diskMiB, 'MiB'),
      field('TTL', ttl, 's'),
      applyButton,
    ),
  );
  bounds.addEventListener('submit', (event) => {
    event.preventDefault();
    const { settings: next, problems } = parseSettings({
      ...settings,
      memoryMaxEntries: memEntries.valueAsNumber,
      memoryMaxBytes: Math.round(memMiB.valueAsNumber * MiB),
      diskMaxBytes: Math.round(diskMiB.valueAsNumber * MiB),
      ttlMs: Math.round(ttl.valueAsNumber * 1000),
      pages: pages.valueAsNumber || settings.pages,
      strategy: strategy.value,
    });
    if (problems.length > 0) {
      options.say(`Not applied: ${problems.join('; ')}.`, true);
      return;
    }
    options.apply(next);
  });

  // Recent responses: newest first, at most 40.
  const rows = el('tbody');
  const responses = el(
    'div',
    { class: 'demo-responses' },
    el('h4', { text: 'Recent responses' }),
    el(
      'div',
      { class: 'tci-scroll', tabindex: '0', role: 'region', 'aria-label': 'Recent responses' },
      el(
        'table',
        { class: 'tci-table', 'data-testid': 'responses' },
        el('thead', {}, el('tr', {}, ...['Request', 'Status', 'X-Cache', 'From', 'Time'].map((h, i) => el('th', { scope: 'col', class: i >= 4 ? 'num' : '' }, el('button', { type: 'button', tabindex: '-1', text: h }))))),
        rows,
      ),
    ),
  );
  function logResponse(url: string, status: string, xCache: string, source: Source, ms: number): void {
    const tr = el(
      'tr',
      { 'data-source': source },
      el('td', { class: 'key', text: url, title: url }),
      el('td', { text: status }),
      el('td', { text: xCache }),
      el('td', { class: `source source-${source}`, text: source }),
      el('td', { class: 'num', text: `${Math.round(ms)} ms` }),
    );
    rows.prepend(tr);
    while (rows.children.length > 40) rows.lastElementChild?.remove();
  }

  async function fetchOne(url: string, init: { strategy: Strategy; ttlMs?: number }): Promise<Source> {
    const cache = options.cache();
    // The fetches run one at a time, so a change in memory hits is this fetch's.
    const hitsBefore = (await cache.stats()).memory.hits;
    const started = performance.now();
    try {
      const response = await cache.fetch(url, init);
      await response.arrayBuffer();
      const elapsed = performance.now() - started;
      const source = sourceOf(response, (await cache.stats()).memory.hits > hitsBefore);
      logResponse(url, String(response.status), response.headers.get('x-cache') ?? '—', source, elapsed);
      return source;
    } catch (error) {
      logResponse(url, 'failed', '—', 'error', performance.now() - started);
      return 'error';
    }
  }

  const controls = [fetchButton, burstButton, applyButton];
  function setBusy(busy: boolean): void {
    for (const b of controls) b.disabled = busy;
  }
  function run(label: string, work: () => Promise<string>): void {
    setBusy(true);
    if (simulatedOffline()) tellWorker();
    work()
      .then((text) => options.say(text))
      .catch((error: unknown) => options.say(`${label} failed: ${error instanceof Error ? error.message : String(error)}`, true))
      .finally(() => {
        setBusy(false);
        options.refresh();
      });
  }

  fetchButton.addEventListener('click', () =>
    run('Fetch', async () => {
      const n = Math.min(100, Math.max(1, pages.valueAsNumber || settings.pages));
      const s = strategy.value as Strategy;
      const counts: Partial<Record<Source, number>> = {};
      for (let page = 1; page <= n; page++) {
        // The worker answers /api/ network-first whatever the page's strategy (sw/sw.ts); the
        // strategy decides whether page memory answers first. One URL per page, one cache entry.
        const source = await fetchOne(`/api/products?page=${page}&size=20`, { strategy: s, ttlMs: settings.ttlMs });
        counts[source] = (counts[source] ?? 0) + 1;
      }
      const summary = Object.entries(counts)
        .map(([source, count]) => `${count} from ${source}`)
        .join(', ');
      return `Fetched ${n} pages (${s}): ${summary}.`;
    }),
  );

  let bursts = 0;
  burstButton.addEventListener('click', () =>
    run('Burst', async () => {
      const cache = options.cache();
      const info = await cache.inspect({ limit: 1 });
      const count = burstCount(settings, info.disk.budget, BURST_VALUE_BYTES);
      const burst = ++bursts;
      // Incompressible values, so the disk tier stores them at full size and must evict.
      await cache.batch(async () => {
        for (let i = 0; i < count; i++) {
          const value = new Uint8Array(BURST_VALUE_BYTES);
          for (let off = 0; off < value.length; off += 65_536) crypto.getRandomValues(value.subarray(off, off + 65_536));
          void cache.set(`burst:${burst}:${String(i).padStart(3, '0')}`, value);
        }
      });
      const trimmed = await cache.trim();
      return `Burst wrote ${count} × ${formatBytes(BURST_VALUE_BYTES)} = ${formatBytes(count * BURST_VALUE_BYTES)} against ${formatBytes(settings.memoryMaxBytes)} of memory and a ${formatBytes(info.disk.budget || settings.diskMaxBytes)} disk budget; trim() then evicted ${trimmed.evicted}.`;
    }),
  );

  latency.addEventListener('input', () => {
    latencyOut.textContent = `${latency.value} ms`;
  });
  latency.addEventListener('change', () => {
    const latencyMs = Number(latency.value);
    fetch('/api/_config', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ latencyMs }), cache: 'no-store' })
      .then((r) => options.say(r.ok ? `The mock API now answers after ${latencyMs} ms.` : `Setting latency failed: HTTP ${r.status}`, !r.ok))
      .catch(() => options.say('Setting latency failed: the server is unreachable.', true));
  });
  // The server keeps its latency across page loads: show what it is.
  fetch('/api/_config', { cache: 'no-store' })
    .then((r) => (r.ok ? (r.json() as Promise<{ latencyMs?: unknown }>) : undefined))
    .then((config) => {
      if (typeof config?.latencyMs === 'number') {
        latency.value = String(config.latencyMs);
        latencyOut.textContent = `${config.latencyMs} ms`;
      }
    })
    .catch(() => undefined);

  offline.addEventListener('click', () => {
    const next = !simulatedOffline();
    setSimulatedOffline(next);
    offline.setAttribute('aria-checked', String(next));
    document.documentElement.classList.toggle('demo-offline', next);
    options.say(next ? 'Simulated offline: the network fails, answers come from the cache.' : 'Back online.');
  });

  const element = el('div', { class: 'demo-controls' }, traffic, bounds, responses);
  return { element, setBusy };
}
