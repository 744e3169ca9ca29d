// The tiercache inspector: a live view of any TierCache — both tiers' entries, storage against
// the budget and the browser's quota, charts over time, an eviction log with reasons, and the
// cache-wide actions (trim, clear, persist, open a second tab). An app can mount it in
// development: `mountInspector(document.getElementById('debug'), cache)`.
//
// Live, not polled: `change`, `evict`, `mode` and `error` events from the cache and messages on
// the cache's BroadcastChannel (other tabs, the worker) schedule a refresh, coalesced so a burst
// of events costs one inspect(). A 1 s clock only advances ages and expiries on screen, and
// every `sampleMs` reads stats() for the time axis of the charts.
import type { CacheStats, DiskMode, EvictReason, InspectResult, MemoryEntryInfo, TrimResult } from '../../src/types.ts';
import type { DiskRecordInfo } from '../../src/diskContract.ts';
import { channelName } from '../../src/wire/coherence.ts';
import { OverTimeChart } from './chart.ts';
import { EvictionLog, REASONS, type LoggedEviction } from './evictions.ts';
import { fill, formatBytes, formatCount, formatDuration, formatExpiry, formatPercent, formatRatio } from './format.ts';
import { History } from './series.ts';
import { EntryTable } from './table.ts';
import './inspector.css';

/** What the inspector needs of a cache: TierCache satisfies it. */
export interface InspectableCache extends EventTarget {
  readonly name: string;
  readonly mode: DiskMode;
  inspect(options?: { limit?: number }): Promise<InspectResult>;
  stats(): Promise<CacheStats>;
  trim(): Promise<TrimResult>;
  clear(): Promise<void>;
}

export interface InspectorOptions {
  /** Rows fetched per tier table (most recent first). Default 200. */
  limit?: number;
  /** How often stats() is sampled for the charts, in ms. Default 2000; at least 1000. */
  sampleMs?: number;
  /** Samples kept for the charts. Default 300 (10 minutes at 2 s). */
  historySize?: number;
  /** Evictions kept in the log. Default 500. */
  logSize?: number;
  /** Extra controls (an app's own) shown in the controls panel. */
  controls?: HTMLElement;
  /** The page the "open a second tab" button opens. Default: this page. */
  secondTabUrl?: string;
  /** Clock, ms since epoch. Default Date.now. */
  now?: () => number;
}

export interface InspectorHandle {
  /** Re-reads the cache now (coalesced with a refresh already running). */
  refresh(): Promise<void>;
  /** Shows a line in the inspector's status area (announced to screen readers). */
  status(text: string, isError?: boolean): void;
  /** Removes the inspector and every listener, timer and channel it opened. */
  destroy(): void;
}

/** Response keys are absolute URLs: show this origin's as paths. */
function shortKey(key: string): string {
  const origin = globalThis.location?.origin;
  return origin && key.startsWith(origin + '/') ? key.slice(origin.length) : key;
}

const MODE_TEXT: Record<DiskMode, string> = {
  worker: 'disk via service worker',
  page: 'disk opened by the page (fallback)',
  memory: 'memory only',
  closed: 'closed',
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

/** A labelled figure: `<div data-stat=id data-value=n><dt>label</dt><dd>text</dd></div>`. */
function stat(id: string, label: string): { element: HTMLElement; set: (text: string, value?: number) => void } {
  const value = el('dd', { class: 'tci-stat-value', text: '—' });
  const element = el('div', { class: 'tci-stat', 'data-stat': id }, el('dt', { text: label }), value);
  return {
    element,
    set(text, n) {
      value.textContent = text;
      if (n !== undefined) element.dataset.value = String(n);
    },
  };
}

/** A horizontal fill bar with an optional marker (the effective budget). */
function bar(id: string, label: string): { element: HTMLElement; set: (fraction: number, text: string, marker?: number) => void } {
  const fillEl = el('div', { class: 'tci-bar-fill' });
  const marker = el('div', { class: 'tci-bar-marker', hidden: '' });
  const track = el('div', { class: 'tci-bar-track', role: 'meter', 'aria-label': label, 'aria-valuemin': '0', 'aria-valuemax': '100' }, fillEl, marker);
  const caption = el('span', { class: 'tci-bar-text' });
  const element = el('div', { class: 'tci-bar', 'data-bar': id }, el('span', { class: 'tci-bar-label', text: label }), caption, track);
  return {
    element,
    set(fraction, text, markerAt) {
      const pct = Math.round(fraction * 1000) / 10;
      fillEl.style.width = `${pct}%`;
      fillEl.classList.toggle('warn', fraction >= 0.9);
      track.setAttribute('aria-valuenow', String(pct));
      track.setAttribute('aria-valuetext', text);
      caption.textContent = text;
      if (markerAt === undefined || markerAt >= 0.999) marker.hidden = true;
      else {
        marker.hidden = false;
        marker.style.left = `${Math.round(markerAt * 1000) / 10}%`;
      }
    },
  };
}

/** Mounts the inspector into `element` (its children are replaced) and starts watching `cache`. */
export function mountInspector(element: HTMLElement, cache: InspectableCache, options: InspectorOptions = {}): InspectorHandle {
  if (!(element instanceof HTMLElement)) throw new TypeError('mountInspector(element, cache): element must be an HTMLElement');
  if (typeof cache !== 'object' || cache === null || typeof cache.inspect !== 'function' || typeof cache.stats !== 'function' || typeof cache.addEventListener !== 'function') {
    throw new TypeError('mountInspector(element, cache): cache must be a TierCache (inspect, stats, addEventListener)');
  }
  const limit = options.limit ?? 200;
  const sampleMs = options.sampleMs ?? 2000;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${String(limit)}`);
  if (!Number.isFinite(sampleMs) || sampleMs < 1000) throw new RangeError(`sampleMs must be a number >= 1000, got ${String(sampleMs)}`);
  const now = options.now ?? Date.now;
  const history = new History(options.historySize ?? 300);
  const log = new EvictionLog(options.logSize ?? 500);

  // ---- skeleton ------------------------------------------------------------------------------
  const modeBadge = el('span', { class: 'tci-badge', 'data-field': 'mode' });
  const controlBadge = el('span', { class: 'tci-badge', 'data-field': 'controlled' });
  const updated = el('span', { class: 'tci-updated', 'aria-hidden': 'true' });
  const errorBadge = el('span', { class: 'tci-badge tci-badge-error', 'data-field': 'errors', hidden: '' });
  const header = el(
    'header',
    { class: 'tci-head' },
    el('h2', {}, 'tiercache ', el('span', { class: 'tci-name', text: cache.name })),
    modeBadge,
    controlBadge,
    errorBadge,
    updated,
  );

  const mem = {
    entries: stat('memory-entries', 'Entries'),
    bytes: stat('memory-bytes', 'Bytes'),
    hitRate: stat('memory-hit-rate', 'Hit rate'),
    evictions: stat('memory-evictions', 'Evictions'),
    entriesBar: bar('memory-entries', 'Entries against maxEntries'),
    bytesBar: bar('memory-bytes', 'Bytes against maxBytes'),
  };
  const disk = {
    entries: stat('disk-entries', 'Entries'),
    raw: stat('disk-raw', 'Raw bytes'),
    stored: stat('disk-stored', 'Stored bytes'),
    ratio: stat('disk-ratio', 'Compression'),
    hitRate: stat('disk-hit-rate', 'Hit rate'),
    evictions: stat('disk-evictions', 'Evictions'),
    corrupt: stat('disk-corrupt', 'Corrupt dropped'),
    budget: stat('disk-budget', 'Budget (effective)'),
  };
  const storage = {
    own: bar('storage-own', 'Own accounting against the budget'),
    estimate: bar('storage-estimate', 'navigator.storage.estimate()'),
    usage: stat('storage-usage', 'Origin usage'),
    quota: stat('storage-quota', 'Origin quota'),
    persisted: stat('storage-persisted', 'Persisted'),
  };
  const card = (id: string, title: string, ...children: Node[]) =>
    el('article', { class: 'tci-card', 'aria-labelledby': `tci-${id}-h`, 'data-card': id }, el('h3', { id: `tci-${id}-h`, text: title }), ...children);
  const dl = (...items: { element: HTMLElement }[]) => el('dl', { class: 'tci-stats' }, ...items.map((i) => i.element));
  const memBounds = el('p', { class: 'tci-note' });
  const diskNote = el('p', { class: 'tci-note' });
  const storageNote = el('p', { class: 'tci-note' });
  const cards = el(
    'div',
    { class: 'tci-cards' },
    card('memory', 'Memory tier', dl(mem.entries, mem.bytes, mem.hitRate, mem.evictions), mem.entriesBar.element, mem.bytesBar.element, memBounds),
    card('disk', 'Disk tier', dl(disk.entries, disk.stored, disk.raw, disk.ratio, disk.hitRate, disk.evictions, disk.budget, disk.corrupt), diskNote),
    card('storage', 'Storage', storage.own.element, storage.estimate.element, dl(storage.usage, storage.quota, storage.persisted), storageNote),
  );

  const chart = new OverTimeChart();
  const chartPanel = el('section', { class: 'tci-panel', 'aria-labelledby': 'tci-chart-h' }, el('h3', { id: 'tci-chart-h', text: 'Over time' }), chart.element);

  const status = el('p', { class: 'tci-status', role: 'status', 'aria-live': 'polite' });
  const actionButton = (label: string, action: string, run: () => Promise<string>) => {
    const button = el('button', { type: 'button', class: 'tci-button', 'data-action': action, text: label });
    button.addEventListener('click', () => {
      button.disabled = true;
      run()
        .then((text) => say(text))
        .catch((error: unknown) => say(`${label} failed: ${error instanceof Error ? error.message : String(error)}`, true))
        .finally(() => {
          button.disabled = false;
          void refresh();
        });
    });
    return button;
  };
  const actions = el(
    'div',
    { class: 'tci-actions', role: 'group', 'aria-label': 'Cache actions' },
    actionButton('trim()', 'trim', async () => {
      const result = await cache.trim();
      const reasons = Object.entries(result.byReason)
        .map(([reason, n]) => `${reason} ${n}`)
        .join(', ');
      return `trim(): evicted ${result.evicted} (${formatBytes(result.freedBytes)})${reasons ? ` — ${reasons}` : ''}.`;
    }),
    actionButton('clear()', 'clear', async () => {
      await cache.clear();
      return 'clear(): both tiers emptied; other tabs were told.';
    }),
    actionButton('Request persistent storage', 'persist', async () => {
      if (!navigator.storage?.persist) return 'navigator.storage.persist() is not available here.';
      const granted = await navigator.storage.persist();
      return granted ? 'Storage is persisted: the browser will not evict it under pressure.' : 'The browser declined to persist storage (it decides by engagement).';
    }),
    actionButton('Open a second tab', 'second-tab', async () => {
      const opened = window.open(options.secondTabUrl ?? location.href, '_blank');
      return opened ? 'Opened a second tab: changes made in one show in the other.' : 'The popup was blocked.';
    }),
  );
  const controlsPanel = el(
    'section',
    { class: 'tci-panel', 'aria-labelledby': 'tci-controls-h' },
    el('h3', { id: 'tci-controls-h', text: 'Controls' }),
    ...(options.controls ? [options.controls] : []),
    actions,
    status,
  );

  const filter = el('input', { type: 'search', class: 'tci-filter', placeholder: 'Filter keys', 'aria-label': 'Filter entries by key' });
  const memoryTable = new EntryTable<MemoryEntryInfo>({
    caption: 'Memory tier entries',
    testId: 'memory-table',
    key: (r) => r.key,
    filterText: (r) => r.key,
    empty: 'The memory tier is empty.',
    onSelect: (r) => showDetails('memory', r.key),
    columns: [
      { id: 'key', label: 'Key', sort: (r) => r.key, text: (r) => shortKey(r.key), cellClass: () => 'key', title: (r) => r.key },
      { id: 'size', label: 'Size', numeric: true, sort: (r) => r.size, text: (r) => formatBytes(r.size) },
      { id: 'age', label: 'Age', numeric: true, sort: (r, t) => t - r.createdAt, text: (r, t) => formatDuration(Math.max(0, t - r.createdAt)) },
      { id: 'hits', label: 'Hits', numeric: true, sort: (r) => r.hits, text: (r) => formatCount(r.hits) },
      { id: 'expiry', label: 'Expires in', numeric: true, sort: (r) => r.expiresAt, text: (r, t) => formatExpiry(r.expiresAt, t) },
    ],
  });
  const diskTable = new EntryTable<DiskRecordInfo>({
    caption: 'Disk tier entries',
    testId: 'disk-table',
    key: (r) => r.key,
    filterText: (r) => `${r.key} ${r.meta?.url ?? ''}`,
    empty: 'The disk tier is empty.',
    onSelect: (r) => showDetails('disk', r.key),
    columns: [
      { id: 'key', label: 'Key', sort: (r) => r.key, text: (r) => shortKey(r.key), cellClass: () => 'key', title: (r) => r.meta?.url ?? r.key },
      { id: 'kind', label: 'Kind', sort: (r) => r.kind, text: (r) => (r.kind === 'response' && r.meta ? `response ${r.meta.status}` : r.kind) },
      { id: 'raw', label: 'Raw', numeric: true, sort: (r) => r.rawBytes, text: (r) => formatBytes(r.rawBytes) },
      { id: 'stored', label: 'Stored', numeric: true, sort: (r) => r.storedBytes, text: (r) => formatBytes(r.storedBytes), title: (r) => r.codec },
      { id: 'ratio', label: 'Ratio', numeric: true, sort: (r) => (r.storedBytes > 0 ? r.rawBytes / r.storedBytes : 0), text: (r) => formatRatio(r.rawBytes, r.storedBytes) },
      { id: 'access', label: 'Last access', numeric: true, sort: (r) => r.lastAccess, text: (r, t) => `${formatDuration(Math.max(0, t - r.lastAccess))} ago` },
      { id: 'expiry', label: 'Expires in', numeric: true, sort: (r) => r.expiresAt, text: (r, t) => formatExpiry(r.expiresAt, t) },
    ],
  });
  // Details of one entry: everything the tier knows about it, for debugging.
  const details = el('div', { class: 'tci-details', 'data-testid': 'entry-details', hidden: '', role: 'region', 'aria-label': 'Entry details' });
  let selectedEntry: { tier: 'memory' | 'disk'; key: string } | undefined;
  // The header (and its Close button, which may hold focus) is built once; the list re-renders.
  const detailsTitle = el('h4', {});
  const detailsList = el('div', {});
  const closeDetails = el('button', { type: 'button', class: 'tci-button', 'aria-label': 'Close entry details', text: 'Close' });
  closeDetails.addEventListener('click', () => {
    selectedEntry = undefined;
    memoryTable.clearSelection();
    diskTable.clearSelection();
    renderDetails();
    renderTables();
  });
  details.append(el('div', { class: 'tci-panel-head' }, detailsTitle, closeDetails), detailsList);
  function showDetails(tier: 'memory' | 'disk', key: string): void {
    selectedEntry = { tier, key };
    renderDetails();
  }
  function renderDetails(): void {
    if (!selectedEntry) {
      details.hidden = true;
      return;
    }
    const t = now();
    const { tier, key } = selectedEntry;
    const pairs: [string, string][] = [['Tier', tier], ['Key', key]];
    if (tier === 'memory') {
      const entry = info?.memory.entries.find((e) => e.key === key);
      if (entry) {
        pairs.push(['Size', `${formatBytes(entry.size)} (${formatCount(entry.size)} B)`], ['Created', `${new Date(entry.createdAt).toLocaleString()} (${formatDuration(Math.max(0, t - entry.createdAt))} ago)`], ['Hits', formatCount(entry.hits)], ['Expires', entry.expiresAt === Infinity ? 'never' : `${new Date(entry.expiresAt).toLocaleString()} (${formatExpiry(entry.expiresAt, t)})`]);
      } else pairs.push(['State', 'no longer in the memory tier']);
    } else {
      const record = info?.disk.entries.find((e) => e.key === key);
      if (record) {
        pairs.push(
          ['Kind', record.kind],
          ['Codec', record.codec],
          ['Raw', `${formatBytes(record.rawBytes)} (${formatCount(record.rawBytes)} B)`],
          ['Stored', `${formatBytes(record.storedBytes)} (${formatCount(record.storedBytes)} B), ${formatRatio(record.rawBytes, record.storedBytes)}`],
          ['Created', `${new Date(record.createdAt).toLocaleString()} (${formatDuration(Math.max(0, t - record.createdAt))} ago)`],
          ['Last access', `${new Date(record.lastAccess).toLocaleString()} (${formatDuration(Math.max(0, t - record.lastAccess))} ago)`],
          ['Expires', record.expiresAt === Infinity ? 'never' : `${new Date(record.expiresAt).toLocaleString()} (${formatExpiry(record.expiresAt, t)})`],
        );
        if (record.meta) {
          pairs.push(['URL', record.meta.url], ['Status', `${record.meta.status} ${record.meta.statusText}`.trim()]);
          for (const [name, value] of record.meta.headers) pairs.push([name, value]);
        }
      } else pairs.push(['State', 'no longer in the disk tier']);
    }
    const list = el('dl', {});
    for (const [name, value] of pairs) list.append(el('dt', { text: name }), el('dd', { text: value }));
    detailsTitle.textContent = `${tier === 'memory' ? 'Memory' : 'Disk'} entry`;
    detailsList.replaceChildren(list);
    details.hidden = false;
  }

  filter.addEventListener('input', () => {
    memoryTable.setFilter(filter.value);
    diskTable.setFilter(filter.value);
    renderTables();
  });
  const tables = el(
    'section',
    { class: 'tci-panel', 'aria-labelledby': 'tci-entries-h' },
    el('div', { class: 'tci-panel-head' }, el('h3', { id: 'tci-entries-h', text: 'Entries' }), filter),
    el(
      'div',
      { class: 'tci-tables' },
      el('div', { 'data-tier': 'memory' }, el('h4', { text: 'Memory' }), memoryTable.element),
      el('div', { 'data-tier': 'disk' }, el('h4', { text: 'Disk' }), diskTable.element),
    ),
    details,
  );

  // Eviction log: reason chips filter it and show counts since mount.
  const selected = new Set<EvictReason>(REASONS);
  const chips = new Map<EvictReason, HTMLButtonElement>();
  const chipBar = el('div', { class: 'tci-chips', role: 'group', 'aria-label': 'Show evictions by reason' });
  for (const reason of REASONS) {
    const chip = el('button', { type: 'button', class: `tci-chip reason-${reason}`, 'aria-pressed': 'true', 'data-reason': reason });
    chip.addEventListener('click', () => {
      if (selected.has(reason)) selected.delete(reason);
      else selected.add(reason);
      chip.setAttribute('aria-pressed', String(selected.has(reason)));
      renderLog();
    });
    chips.set(reason, chip);
    chipBar.append(chip);
  }
  const logTable = new EntryTable<LoggedEviction>({
    caption: 'Eviction log, newest first',
    testId: 'eviction-log',
    key: (r) => String(r.seq),
    filterText: (r) => r.key,
    empty: 'No evictions yet. Overflow a bound, let a TTL pass, or call trim().',
    initialSort: { column: 'at', descending: true },
    columns: [
      { id: 'at', label: 'Time', numeric: true, sort: (r) => r.seq, text: (r) => new Date(r.at).toLocaleTimeString() },
      { id: 'tier', label: 'Tier', sort: (r) => r.tier, text: (r) => r.tier, cellClass: (r) => `tier-${r.tier}` },
      { id: 'reason', label: 'Reason', sort: (r) => r.reason, text: (r) => r.reason, cellClass: (r) => `reason reason-${r.reason}` },
      { id: 'key', label: 'Key', sort: (r) => r.key, text: (r) => shortKey(r.key), cellClass: () => 'key', title: (r) => r.key },
      // Memory evictions may arrive without a size (bytes 0): shown as unknown, not as empty.
      { id: 'bytes', label: 'Bytes', numeric: true, sort: (r) => r.bytes, text: (r) => (r.bytes > 0 ? formatBytes(r.bytes) : '—') },
    ],
  });
  const logPanel = el(
    'section',
    { class: 'tci-panel', 'aria-labelledby': 'tci-log-h', 'data-panel': 'evictions' },
    el('div', { class: 'tci-panel-head' }, el('h3', { id: 'tci-log-h', text: 'Eviction log' }), chipBar),
    logTable.element,
  );
  logTable.element.querySelector('.tci-scroll')?.setAttribute('role', 'log');

  const root = el('section', { class: 'tci', 'aria-label': `tiercache inspector: ${cache.name}` }, header, cards, chartPanel, controlsPanel, tables, logPanel);
  element.replaceChildren(root);
  chart.mount();

  // ---- state and rendering --------------------------------------------------------------------
  let info: InspectResult | undefined;
  let stats: CacheStats | undefined;
  let estimate: { usage: number; quota: number } | undefined;
  let lastRead = 0;
  let lastSample = -Infinity;
  let errors = 0;
  let destroyed = false;

  function say(text: string, isError = false): void {
    status.textContent = text;
    status.classList.toggle('error', isError);
  }

  function renderTables(): void {
    const t = now();
    memoryTable.render(t);
    diskTable.render(t);
    if (selectedEntry) renderDetails();
  }

  function renderLog(): void {
    const counts = log.counts();
    for (const [reason, chip] of chips) {
      const c = counts.byReason[reason];
      chip.textContent = `${reason} ${c.count}`;
      chip.title = `${c.count} evicted for ${reason} (${formatBytes(c.bytes)})`;
    }
    logTable.setRows(log.entries(selected), log.entries(selected).length);
    logTable.render(now());
    logPanel.dataset.total = String(counts.total);
  }

  function render(): void {
    const t = now();
    if (info) {
      modeBadge.textContent = MODE_TEXT[info.mode];
      modeBadge.dataset.value = info.mode;
      controlBadge.textContent = info.controlled ? 'worker controls this page' : 'no controlling worker';
      controlBadge.dataset.value = String(info.controlled);
      controlBadge.classList.toggle('tci-badge-warn', !info.controlled);
      memoryTable.setRows(info.memory.entries, stats?.memory.entries ?? info.memory.entries.length);
      diskTable.setRows(info.disk.entries, stats?.disk.entries ?? info.disk.entries.length);
      const { maxEntries, maxBytes } = info.memory;
      memBounds.textContent = `Bounds: ${maxEntries === undefined ? 'no entry bound' : `${formatCount(maxEntries)} entries`}, ${maxBytes === undefined ? 'no byte bound' : formatBytes(maxBytes)}.`;
    }
    if (stats && info) {
      const m = stats.memory;
      const d = stats.disk;
      mem.entries.set(formatCount(m.entries), m.entries);
      mem.bytes.set(formatBytes(m.bytes), m.bytes);
      mem.hitRate.set(formatPercent(m.hits / (m.hits + m.misses)), m.hits + m.misses > 0 ? m.hits / (m.hits + m.misses) : 0);
      mem.evictions.set(formatCount(m.evictions), m.evictions);
      const { maxEntries, maxBytes } = info.memory;
      mem.entriesBar.set(fill(m.entries, maxEntries), maxEntries === undefined ? `${formatCount(m.entries)} (unbounded)` : `${formatCount(m.entries)} / ${formatCount(maxEntries)}`);
      mem.bytesBar.set(fill(m.bytes, maxBytes), maxBytes === undefined ? `${formatBytes(m.bytes)} (unbounded)` : `${formatBytes(m.bytes)} / ${formatBytes(maxBytes)}`);

      disk.entries.set(formatCount(d.entries), d.entries);
      disk.raw.set(formatBytes(d.rawBytes), d.rawBytes);
      disk.stored.set(formatBytes(d.storedBytes), d.storedBytes);
      disk.ratio.set(formatRatio(d.rawBytes, d.storedBytes), d.storedBytes > 0 ? d.rawBytes / d.storedBytes : 0);
      disk.hitRate.set(formatPercent(d.hits / (d.hits + d.misses)), d.hits + d.misses > 0 ? d.hits / (d.hits + d.misses) : 0);
      disk.evictions.set(formatCount(d.evictions), d.evictions);
      disk.corrupt.set(formatCount(info.disk.corrupt), info.disk.corrupt);
      const { budget, effectiveBudget } = info.disk;
      disk.budget.set(effectiveBudget < budget ? `${formatBytes(budget)} (${formatBytes(effectiveBudget)})` : formatBytes(budget), budget);
      diskNote.textContent =
        info.mode === 'memory' ? 'No disk tier: memory only.' : effectiveBudget < budget ? 'The effective budget is lowered after a quota error; it climbs back as writes succeed.' : `Evicted by last access once stored bytes pass the budget.`;

      storage.own.set(fill(d.storedBytes, budget), `${formatBytes(d.storedBytes)} / ${formatBytes(budget)}`, budget > 0 ? fill(effectiveBudget, budget) : undefined);
      const usage = estimate?.usage ?? stats.quota.usage;
      const quota = estimate?.quota ?? stats.quota.quota;
      storage.estimate.set(fill(usage, quota), `${formatBytes(usage)} / ${formatBytes(quota)}`);
      storage.usage.set(formatBytes(usage), usage);
      storage.quota.set(formatBytes(quota), quota);
      storage.persisted.set(stats.quota.persisted ? 'yes' : 'no (best effort)', stats.quota.persisted ? 1 : 0);
      storageNote.textContent = 'Own accounting is the exact sum of stored records; estimate() is the whole origin, padded by the browser.';
    }
    updated.textContent = lastRead ? `read ${formatDuration(Math.max(0, t - lastRead))} ago` : 'reading…';
    renderTables();
  }

  // ---- reading the cache: one read at a time, one queued rerun --------------------------------
  let running: Promise<void> | undefined;
  let rerun = false;
  async function read(): Promise<void> {
    do {
      rerun = false;
      try {
        const [nextInfo, nextStats, nextEstimate] = await Promise.all([
          cache.inspect({ limit }),
          cache.stats(),
          navigator.storage?.estimate ? navigator.storage.estimate().catch(() => undefined) : Promise.resolve(undefined),
        ]);
        if (destroyed) return;
        info = nextInfo;
        stats = nextStats;
        estimate = nextEstimate && typeof nextEstimate.usage === 'number' && typeof nextEstimate.quota === 'number' ? { usage: nextEstimate.usage, quota: nextEstimate.quota } : undefined;
        lastRead = now();
        // The charts take one sample per sampleMs, so intervals (and bars) are even; reads
        // triggered by events in between only refresh the figures and tables.
        if (lastRead - lastSample >= sampleMs * 0.9) {
          lastSample = lastRead;
          history.push(lastRead, nextStats);
          chart.update(history.columns());
        }
        render();
        root.dataset.reads = String(Number(root.dataset.reads ?? 0) + 1);
      } catch (error) {
        if (destroyed) return;
        say(`Reading the cache failed: ${error instanceof Error ? error.message : String(error)}`, true);
      }
    } while (rerun && !destroyed);
  }
  function refresh(): Promise<void> {
    if (destroyed) return Promise.resolve();
    if (running) {
      rerun = true;
      return running;
    }
    running = read().finally(() => {
      running = undefined;
    });
    return running;
  }

  // Events arrive in bursts (a trim evicts hundreds): coalesce them into one read.
  let pending: ReturnType<typeof setTimeout> | undefined;
  function schedule(): void {
    if (pending !== undefined || destroyed) return;
    pending = setTimeout(() => {
      pending = undefined;
      void refresh();
    }, 100);
  }
  let logFrame: number | undefined;
  const onEvict = (event: Event) => {
    if (log.add((event as CustomEvent).detail, now()) && logFrame === undefined) {
      logFrame = requestAnimationFrame(() => {
        logFrame = undefined;
        renderLog();
      });
    }
    schedule();
  };
  const onError = (event: Event) => {
    errors++;
    const detail = (event as CustomEvent).detail as { error?: { code?: string; message?: string } } | undefined;
    errorBadge.hidden = false;
    errorBadge.textContent = `${errors} storage ${errors === 1 ? 'error' : 'errors'}`;
    errorBadge.title = `Last: ${detail?.error?.code ?? 'unknown'} — ${detail?.error?.message ?? ''}`;
    say(`error event: ${detail?.error?.code ?? 'unknown'} — ${detail?.error?.message ?? ''}`, true);
    schedule();
  };
  cache.addEventListener('evict', onEvict);
  cache.addEventListener('error', onError);
  cache.addEventListener('change', schedule);
  cache.addEventListener('mode', schedule);
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName(cache.name)) : undefined;
  channel?.addEventListener('message', schedule);
  const onControllerChange = () => schedule();
  navigator.serviceWorker?.addEventListener('controllerchange', onControllerChange);

  // The clock: ages and expiries move every second; stats are sampled every sampleMs.
  let ticks = 0;
  const sampleEvery = Math.max(1, Math.round(sampleMs / 1000));
  const clock = setInterval(() => {
    if (document.hidden) return;
    ticks++;
    if (ticks % sampleEvery === 0) void refresh();
    else render();
  }, 1000);

  renderLog();
  render();
  void refresh();

  return {
    refresh,
    status: say,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      clearInterval(clock);
      if (pending !== undefined) clearTimeout(pending);
      if (logFrame !== undefined) cancelAnimationFrame(logFrame);
      cache.removeEventListener('evict', onEvict);
      cache.removeEventListener('error', onError);
      cache.removeEventListener('change', schedule);
      cache.removeEventListener('mode', schedule);
      channel?.close();
      navigator.serviceWorker?.removeEventListener('controllerchange', onControllerChange);
      chart.destroy();
      root.remove();
    },
  };
}
