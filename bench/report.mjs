// Regenerates docs/BENCHMARKS.md and its charts (docs/benchmarks-*.svg, plain SVG written here:
// no chart dependency) from bench/results/*.json. Sections whose results file is missing say
// which command produces it. Usage: node bench/report.mjs
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(root, 'bench', 'results');
const docs = path.join(root, 'docs');

function load(name) {
  const file = path.join(results, `${name}.json`);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.warn(`report: ${file} is not JSON (${error.message}); skipped`);
    return undefined;
  }
}

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
function num(v, digits = 1) {
  if (!isNum(v)) return '—';
  const fixed = v.toFixed(digits);
  const [int, frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac ? `${grouped}.${frac}` : grouped;
}
const ratio = (v) => (isNum(v) ? `${num(v, 2)}×` : v === Infinity ? '∞' : '—');
const MiB = 1024 * 1024;
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A Markdown table: first column left-aligned, the rest right-aligned (numbers) unless `left`. */
function table(head, rows, { left = false } = {}) {
  const align = head.map((_, i) => (i === 0 || left ? '---' : '---:'));
  return [`| ${head.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function machineLine(m) {
  if (!m) return '_machine not recorded_';
  const memory = m.memoryGiB ?? (isNum(m.memory) ? Math.round((m.memory / 1024 ** 3) * 10) / 10 : undefined);
  const browser = m.chromium ?? m.browser;
  const parts = [`${m.cores} cores`, m.cpu, memory !== undefined ? `${memory} GiB RAM` : undefined, m.os ?? m.platform, m.node ? `Node ${m.node}` : undefined, browser ? (String(browser).startsWith('Chromium') ? browser : `Chromium ${browser}`) : undefined];
  if (m.commit) parts.push(`commit ${m.commit}`);
  return parts.filter(Boolean).join(', ');
}

// ---- SVG charts -------------------------------------------------------------------------------

const COLORS = { tiercache: '#2563eb', 'tiercache-16MiB': '#60a5fa', workbox: '#f59e0b', localforage: '#10b981', baseline: '#9ca3af' };
const PALETTE = ['#2563eb', '#dc2626', '#10b981', '#f59e0b', '#7c3aed'];

function svgOpen(width, height, title) {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="24" font-size="15" font-weight="600" fill="#111827">${esc(title)}</text>`,
  ];
}

/** Horizontal bars, one per implementation. */
function barChart({ title, subtitle, bars, unit, max }) {
  const width = 720;
  const rowH = 34;
  const left = 120;
  const right = 230;
  const top = subtitle ? 56 : 40;
  const height = top + bars.length * rowH + 16;
  const scaleMax = max ?? Math.max(...bars.map((b) => b.value), 1);
  const plot = width - left - right;
  const out = svgOpen(width, height, title);
  if (subtitle) out.push(`<text x="16" y="42" fill="#4b5563">${esc(subtitle)}</text>`);
  bars.forEach((bar, i) => {
    const y = top + i * rowH;
    const w = Math.max(1, (bar.value / scaleMax) * plot);
    out.push(`<text x="${left - 8}" y="${y + 20}" text-anchor="end" fill="#111827">${esc(bar.label)}</text>`);
    out.push(`<rect x="${left}" y="${y + 6}" width="${w.toFixed(1)}" height="${rowH - 12}" rx="3" fill="${bar.color ?? '#2563eb'}"/>`);
    out.push(`<text x="${(left + w + 6).toFixed(1)}" y="${y + 20}" fill="#111827">${esc(bar.text ?? `${num(bar.value)} ${unit}`)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Lines on log-log axes: x = records, y = ms. */
function logLogChart({ title, subtitle, series, xLabel, yLabel }) {
  const width = 720;
  const height = 400;
  const m = { left: 64, right: 170, top: subtitle ? 60 : 44, bottom: 48 };
  const xs = series.flatMap((s) => s.points.map((p) => p[0])).filter((v) => v > 0);
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter((v) => v > 0);
  const x0 = Math.floor(Math.log10(Math.min(...xs)));
  const x1 = Math.ceil(Math.log10(Math.max(...xs)));
  const y0 = Math.floor(Math.log10(Math.min(...ys)));
  const y1 = Math.max(y0 + 1, Math.ceil(Math.log10(Math.max(...ys))));
  const px = (x) => m.left + ((Math.log10(x) - x0) / Math.max(1, x1 - x0)) * (width - m.left - m.right);
  const py = (y) => height - m.bottom - ((Math.log10(y) - y0) / (y1 - y0)) * (height - m.top - m.bottom);
  const out = svgOpen(width, height, title);
  if (subtitle) out.push(`<text x="16" y="42" fill="#4b5563">${esc(subtitle)}</text>`);
  for (let e = y0; e <= y1; e++) {
    const y = py(10 ** e);
    out.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${y}" y2="${y}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${m.left - 6}" y="${y + 4}" text-anchor="end" fill="#4b5563">${num(10 ** e, e < 0 ? -e : 0)}</text>`);
  }
  for (let e = x0; e <= x1; e++) {
    const x = px(10 ** e);
    out.push(`<line x1="${x}" x2="${x}" y1="${m.top}" y2="${height - m.bottom}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${x}" y="${height - m.bottom + 16}" text-anchor="middle" fill="#4b5563">${num(10 ** e, 0)}</text>`);
  }
  out.push(`<text x="${(m.left + width - m.right) / 2}" y="${height - 10}" text-anchor="middle" fill="#111827">${esc(xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${(m.top + height - m.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#111827">${esc(yLabel)}</text>`);
  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const pts = s.points.filter((p) => p[0] > 0 && p[1] > 0);
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map((p) => `${px(p[0]).toFixed(1)},${py(p[1]).toFixed(1)}`).join(' ')}"/>`);
    for (const p of pts) out.push(`<circle cx="${px(p[0]).toFixed(1)}" cy="${py(p[1]).toFixed(1)}" r="3.5" fill="${color}"/>`);
    const ly = m.top + 8 + i * 20;
    out.push(`<line x1="${width - m.right + 14}" x2="${width - m.right + 34}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    out.push(`<text x="${width - m.right + 40}" y="${ly + 4}" fill="#111827">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

// ---- sections ---------------------------------------------------------------------------------

const charts = {};
const missing = (cmd) => `_No results yet: run \`${cmd}\`._`;

function capacitySection(r) {
  const lines = ['## Capacity under a 20 MiB quota (the headline)', ''];
  if (!r) return [...lines, missing('npm run bench:capacity')].join('\n');
  const c = r.config;
  const s = r.summary;
  const impls = Object.keys(s);
  lines.push(
    `The origin quota is set to ${num(c.quotaBytes / MiB, 0)} MiB through CDP (\`Storage.overrideQuotaForOrigin\`). ` +
      `The page fetches ${num(c.responses, 0)} responses of the mock API (\`${c.endpoint}\`, ${num(c.bytes / MiB)} MiB of JSON, ${c.concurrency} in flight) through each implementation, ` +
      `each in its own fresh Chromium profile; then the browser goes offline (and the server refuses \`/api/\`) and the page asks for every response again. ` +
      `A response counts as served only if it is a 200 whose body hashes (SHA-256) to what was fetched online. ` +
      `Errors reaching the page are fetch rejections, non-200 answers, rejected \`setItem\` calls and console errors during the fill. ` +
      `Medians of ${c.rounds} rounds, implementations in rotating order.`,
    '',
    '- **tiercache**: `serveCache` in a service worker, route `/api/` cache-first, `disk.maxBytes` 256 MiB (the budget an app sets without knowing the quota).',
    '- **workbox**: `workbox-strategies` `CacheFirst` with `workbox-expiration` `ExpirationPlugin({ maxEntries: 100000, purgeOnQuotaError: true })`.',
    '- **localForage**: the page stores the parsed JSON with `setItem(url, data)` (IndexedDB driver).',
    ...(s['tiercache-16MiB'] ? ['- **tiercache-16MiB**: the same worker with `disk.maxBytes` 16 MiB, under the quota (an app that knows its quota).'] : []),
    '',
  );
  const rows = impls.map((impl) => [
    `**${impl}**`,
    `${num(s[impl].served, 0)} / ${num(c.responses, 0)}`,
    `${num(s[impl].servedFraction * 100)} %`,
    num(s[impl].servedMiB),
    num(s[impl].errorsAtPage, 0),
    num(s[impl].quotaErrorsAtPage, 0),
    num(s[impl].usageMiB),
    num(s[impl].fillSeconds),
  ]);
  lines.push(table(['implementation', 'served offline', 'share', 'MiB served', 'errors at the page', 'QuotaExceededError at the page', 'origin usage (MiB)', 'fill (s)'], rows), '');
  const tw = r.ratios?.['tiercache/workbox'];
  const tl = r.ratios?.['tiercache/localforage'];
  const vs = (v, peer) => (isNum(v) ? `${ratio(v)} as many responses offline as ${peer}` : `responses offline where ${peer} serves none`);
  if (s.tiercache) lines.push(`**tiercache serves ${vs(tw, 'workbox')}, and ${vs(tl, 'localForage')}**, under the same quota.`, '');
  const met = s.tiercache?.served > 0 && (isNum(tw) ? tw >= 3 : s.workbox?.served === 0) && s.tiercache?.errorsAtPage === 0;
  if (s.workbox) lines.push(`Target (≥ 3× workbox, zero errors at the page): **${met ? 'met' : 'not met'}**.`, '');
  if (s.tiercache && s.localforage) {
    const lowest = Math.min(...(r.rounds ?? []).map((round) => round.results.tiercache?.served ?? Infinity));
    const parts = [
      [s.tiercache.served >= 1600, `median ${num(s.tiercache.served, 0)}`],
      [lowest >= 1400, `lowest round ${num(lowest, 0)}`],
      [tl >= 1.5, `${ratio(tl)} localForage`],
    ];
    const issue14 = parts.every(([ok]) => ok) && s.tiercache.errorsAtPage === 0;
    lines.push(`Target of issue 14 (median ≥ 1,600 kept, no round below 1,400, ≥ 1.5× localForage, zero errors at the page): **${issue14 ? 'met' : 'not met'}** (${parts.map(([ok, what]) => `${what}: ${ok ? 'met' : 'not met'}`).join('; ')}).`, '');
  }
  const last = r.rounds?.at(-1)?.results ?? {};
  const workers = Object.entries(last).filter(([, v]) => v.worker);
  if (workers.length) {
    lines.push('What the workers reported at the end of the fill (last round):', '');
    for (const [impl, { worker: w }] of workers) {
      if (w.impl === 'tiercache') {
        lines.push(
          `- ${impl}: ${num(w.entries, 0)} records (one per response, its \`Vary\` variants in it), ${num(w.rawBytes / MiB)} MiB raw in ${num(w.storedBytes / MiB)} MiB stored (×${num(w.rawBytes / w.storedBytes, 2)}), ` +
            `effective budget ${num(w.effectiveBudget / MiB)} MiB, ${num(w.evictions, 0)} evictions, origin usage ${num(last[impl].usageBytes / MiB)} MiB (CDP) = ×${num(last[impl].usageBytes / w.storedBytes, 2)} the stored bytes; ` +
            `faults handled in the worker (never reaching the page): ${JSON.stringify(w.workerErrors)}.`,
        );
      } else {
        lines.push(`- ${impl}: ${num(w.entries, 0)} entries left in the cache; quota-error callbacks run (each deletes the whole cache): ${w.workerErrors?.quota ?? 0}.`);
      }
    }
    lines.push('');
  }
  const tiercacheRounds = (r.rounds ?? []).filter((round) => round.results?.tiercache?.worker);
  if (tiercacheRounds.length) {
    lines.push('Every round: what tiercache kept, where its budget settled, and what Chromium counted for it:', '');
    const rows = tiercacheRounds.map((round, i) => {
      const t = round.results.tiercache;
      const w = t.worker;
      return [
        String(i + 1),
        num(t.served, 0),
        num(w.effectiveBudget / MiB),
        num(w.storedBytes / MiB),
        num(w.storedBytes / w.rawBytes, 3),
        `${num(t.usageBytes / MiB)} / ${num(t.quotaBytes / MiB)}`,
        `×${num(t.usageBytes / w.storedBytes, 2)}`,
        num(w.workerErrors?.quota ?? 0, 0),
        t.files ? `${num(t.files.log / MiB)} / ${num(t.files.tables / MiB)}` : '—',
        ...(round.results.localforage ? [num(round.results.localforage.served, 0)] : []),
      ];
    });
    const peer = tiercacheRounds[0].results.localforage ? ['localForage kept'] : [];
    lines.push(`What the quota leaves to the bodies is ${num(c.quotaBytes / MiB, 0)} MiB less LevelDB's files, whose size LevelDB sets: its log grows to ~3 MiB before it is flushed into a table, and tables are merged only when a few have piled up (\`npm run bench:idb-overhead\` measures it on plain IndexedDB; the README's performance section has the figures).`, '');
    lines.push(table(['round', 'tiercache kept', 'effective budget (MiB)', 'stored (MiB)', 'stored / raw', 'usage / quota at the end (MiB)', 'usage / stored', 'quota errors in the worker', "LevelDB's log / tables (MiB)", ...peer], rows), '');
  }
  const attempts = impls.map((i) => s[i].networkAttemptsOffline).reduce((a, b) => a + b, 0);
  lines.push(`Requests that reached the server while offline (refused, never served): ${num(attempts, 0)}.`, '');
  charts['benchmarks-capacity.svg'] = barChart({
    title: `Responses served offline after fetching ${num(c.bytes / MiB, 0)} MiB under a ${num(c.quotaBytes / MiB, 0)} MiB quota`,
    subtitle: `of ${num(c.responses, 0)} responses, median of ${c.rounds} rounds; higher is better`,
    bars: impls.map((impl) => ({
      label: impl,
      value: s[impl].served,
      color: COLORS[impl],
      text: `${num(s[impl].served, 0)} (${num(s[impl].servedFraction * 100)} %)${s[impl].errorsAtPage ? `, ${num(s[impl].errorsAtPage, 0)} errors at the page` : ''}`,
    })),
    max: c.responses,
    unit: '',
  });
  lines.push('![Responses served offline under a 20 MiB quota](benchmarks-capacity.svg)', '');
  return lines.join('\n');
}

function mainThreadSection(r) {
  const lines = ['## Main thread while storing', ''];
  if (!r) return [...lines, missing('npm run bench:mainthread')].join('\n');
  const c = r.config;
  const s = r.summary;
  lines.push(
    `The page fetches and parses ${num(c.responses, 0)} responses (${num(c.bytes / MiB)} MiB, ${c.concurrency} in flight) while they are stored by tiercache's service worker, ` +
      `or by localForage from the page, or not at all (baseline: the fetch + \`JSON.parse\` every variant does). ` +
      '"Longest task" is the longest `longtask` entry (the browser reports tasks ≥ 50 ms; 0 = none); "max gap" is the longest interval between 4 ms heartbeat timers, which also sees blocking under 50 ms. ' +
      `Medians of ${c.rounds} rounds, fresh profile per run, rotating order.`,
    '',
  );
  const rows = Object.keys(s).map((impl) => [`**${impl}**`, num(s[impl].longestTaskMs), num(s[impl].worstLongestTaskMs), num(s[impl].longTasks, 0), num(s[impl].longTaskTotalMs), num(s[impl].maxGapMs), num(s[impl].seconds, 2)]);
  lines.push(table(['storage', 'longest task (ms)', 'worst round (ms)', 'long tasks', 'long-task total (ms)', 'max heartbeat gap (ms)', 'duration (s)'], rows), '');
  const tc = s.tiercache;
  if (tc) lines.push(`Target (longest main-thread task during worker-side storage < ${c.targetMs} ms): **${tc.longestTaskMs < c.targetMs ? 'met' : 'not met'}** (median ${num(tc.longestTaskMs)} ms).`, '');
  if (s.baseline && tc) {
    lines.push(
      `The baseline, which stores nothing, has a median longest task of ${num(s.baseline.longestTaskMs)} ms and a max gap of ${num(s.baseline.maxGapMs)} ms on the same machine. ` +
        `In the tiercache variant the page runs no tiercache code (it does the baseline's fetch + parse; the worker compresses and writes): whatever it shows beyond the baseline comes from the worker competing with the page for the machine's ${r.machine?.cores ?? '?'} cores, and from a longer run.`,
      '',
    );
  }
  if (s.localforage && tc) lines.push(`localForage's longest heartbeat gap is ${ratio(s.localforage.maxGapMs / tc.maxGapMs)} tiercache's.`, '');
  charts['benchmarks-mainthread.svg'] = barChart({
    title: 'Longest main-thread gap while ~10 MiB of responses are stored',
    subtitle: `max interval between 4 ms timers, median of ${c.rounds} rounds; lower is better`,
    bars: Object.keys(s).map((impl) => ({ label: impl, value: s[impl].maxGapMs, color: COLORS[impl], text: `${num(s[impl].maxGapMs)} ms` })),
    unit: 'ms',
  });
  lines.push('![Longest main-thread gap while storing](benchmarks-mainthread.svg)', '');
  return lines.join('\n');
}

function scaleSection(r) {
  const lines = ['## Scale: 1k to 100k records', ''];
  if (!r) return [...lines, missing('npm run bench:scale')].join('\n');
  const c = r.config;
  lines.push(
    `One DiskTier database filled with records of ${c.record} (compression: ${c.compress}), in one on-disk Chromium profile. ` +
      'For each size, in a fresh page each time: **open** = `new DiskTier(...)` to its first answer; **stats()** on the open tier; **get** = median of ' +
      `${c.reads} random reads; **evict 10%** = one \`trim()\` pass on a tier whose budget is just under what is stored (low water 0.9), refilled after each pass. ` +
      `Medians of ${c.rounds} rounds (eviction: ${c.evictRounds ?? c.rounds}).`,
    '',
  );
  const rows = r.levels.map((l) => [
    num(l.entries, 0),
    num(l.rawBytes / MiB),
    num(l.storedBytes / MiB),
    num(l.profileBytes / MiB, 0),
    num(l.summary.openMs),
    num(Math.max(...l.opens.map((o) => o.openMs))),
    num(l.summary.statsMs),
    num(l.summary.getMs, 2),
    num(l.summary.evictMs),
    num(l.summary.evicted, 0),
    num(l.summary.evictUsPerRecord),
  ]);
  lines.push(table(['records', 'raw MiB', 'stored MiB', 'profile on disk (MiB)', 'open (ms)', 'open, worst round (ms)', 'stats() (ms)', 'random get (ms)', 'evict 10% (ms)', 'records evicted', 'µs per evicted record'], rows), '');
  const g = r.growth ?? {};
  const first = r.levels[0];
  const last = r.levels.at(-1);
  if (first && last) {
    lines.push(
      `From ${num(first.entries, 0)} to ${num(last.entries, 0)} records (×${num(last.entries / first.entries, 0)}): open ×${num(g.open, 2)}, stats() ×${num(g.stats, 2)}, random get ×${num(g.get, 2)}, eviction cost per evicted record ×${num(g.evictPerRecord, 2)}. ` +
        'An eviction pass that frees 10% necessarily deletes 10% of the records, so its total time grows with the size; the cost per evicted record is what should stay flat.',
      '',
    );
    const flat = (x) => isNum(x) && x < 2;
    lines.push(`Target (open and stats() flat from 1k to 100k): **${flat(g.open) && flat(g.stats) ? 'met' : 'not met'}** (flat = less than ×2 over ×100 records).`, '');
  }
  charts['benchmarks-scale.svg'] = logLogChart({
    title: 'DiskTier at 1k, 10k and 100k records',
    subtitle: `median of ${c.rounds} rounds, log-log; flat lines = cost independent of size`,
    xLabel: 'records in the database',
    yLabel: 'ms (µs for per-record eviction)',
    series: [
      { name: 'open', points: r.levels.map((l) => [l.entries, l.summary.openMs]) },
      { name: 'stats()', points: r.levels.map((l) => [l.entries, l.summary.statsMs]) },
      { name: 'random get', points: r.levels.map((l) => [l.entries, l.summary.getMs]) },
      { name: 'evict 10% (ms)', points: r.levels.map((l) => [l.entries, l.summary.evictMs]) },
      { name: 'evict, µs/record', points: r.levels.map((l) => [l.entries, l.summary.evictUsPerRecord]) },
    ],
  });
  lines.push('![Scale curves](benchmarks-scale.svg)', '');
  return lines.join('\n');
}

function lruSection(r) {
  const lines = ['### Memory tier vs lru-cache, mnemonist, quick-lru (`npm run bench:lru`)', ''];
  if (!r) return [...lines, missing('npm run bench:lru')].join('\n');
  if (r.ops && typeof r.ops === 'object') {
    const ops = Object.keys(r.ops);
    const impls = [...new Set(ops.flatMap((op) => Object.keys(r.ops[op])))];
    lines.push('Operations per second (higher is better):', '');
    lines.push(table(['implementation', ...ops], impls.map((impl) => [impl === 'tiercache' ? '**tiercache MemoryLru**' : impl, ...ops.map((op) => num(r.ops[op][impl], 0))])), '');
    if (r.bytesPerEntry) lines.push(table(['implementation', 'structure bytes per entry'], Object.entries(r.bytesPerEntry).map(([k, v]) => [k, num(v)])), '');
    if (r.ratios) {
      const rows = [];
      for (const [op, pairs] of Object.entries(r.ratios)) for (const [pair, v] of Object.entries(pairs)) rows.push([op, pair, ratio(v)]);
      lines.push(table(['operation', 'ratio', 'value'], rows), '');
    }
    if (r.workload?.notes) lines.push(`_${r.workload.notes}_`, '');
  } else {
    lines.push(generic(r), '');
  }
  lines.push(`Machine: ${machineLine(r.machine)}.`, '');
  return lines.join('\n');
}

function diskSection(r) {
  const lines = ['### Disk tier vs idb-keyval (`npm run bench:disk`)', ''];
  if (!r) return [...lines, missing('npm run bench:disk')].join('\n');
  if (r.put && r.get) {
    const sizes = Object.keys(r.put);
    const impls = [...new Set(sizes.flatMap((s) => Object.keys(r.put[s]).filter((k) => typeof r.put[s][k] === 'object' && r.put[s][k] !== null)))];
    lines.push(`Batched puts (medians of ${r.rounds} rounds), entries per second (higher is better):`, '');
    const label = (impl) =>
      ({
        tiercache: 'tiercache, until every value is stored deflated (a set resolves then)',
        'tiercache-plain': 'tiercache with compress.dictionary false',
        'tiercache-L1': 'tiercache, fflate level 1',
        'tiercache-encrypted': 'tiercache, `disk.encrypt: true` (deflated, then sealed with AES-GCM)',
        'deflateOnly-fflate': 'deflate alone, fflate level 6 (nothing stored)',
        'deflateOnly-native': 'deflate alone, native zlib (nothing stored)',
      })[impl] ?? impl;
    lines.push(table(['implementation', ...sizes.map((s) => `put ${s}`)], impls.map((impl) => [label(impl), ...sizes.map((s) => num(r.put[s][impl]?.entriesPerSec, 0))])), '');
    if (impls.includes('deflateOnly-fflate')) {
      const vs = (impl) => sizes.map((s) => `${num(r.put[s][impl].entriesPerSec / r.put[s]['idb-keyval'].entriesPerSec, 2)}× at ${s}`).join(', ');
      lines.push(`The two "deflate alone" rows compress the same values and store nothing: a put that compresses before its transaction cannot beat them. Against idb-keyval storing the values uncompressed: fflate alone ${vs('deflateOnly-fflate')}; native zlib alone ${vs('deflateOnly-native')}.`, '');
    }
    const getSizes = Object.keys(r.get);
    const getImpls = impls.filter((impl) => getSizes.some((s) => r.get[s][impl]));
    lines.push('Single gets, decoded value in hand, p50 / p95 ms (lower is better):', '');
    lines.push(table(['implementation', ...getSizes.map((s) => `get ${s}`)], getImpls.map((impl) => [impl, ...getSizes.map((s) => `${num(r.get[s][impl]?.p50Ms, 2)} / ${num(r.get[s][impl]?.p95Ms, 2)}`)])), '');
    if (impls.includes('tiercache-encrypted')) {
      const puts = sizes.map((s) => `${num(r.put[s].encryptedOverPlain, 2)}× at ${s}`).join(', ');
      const gets = getSizes.map((s) => `${num(r.get[s].p50EncryptedOverPlain, 2)}× at ${s}`).join(', ');
      lines.push(`Encryption at rest (\`disk.encrypt: true\`), encrypted over plain tiercache: throughput until stored ${puts} (target ≥ 0.8×); get p50 ${gets} (target ≤ 1.2×).`, '');
    }
    if (r.storedOverRaw) lines.push(`Stored / raw bytes (tiercache): ${Object.entries(r.storedOverRaw).map(([k, v]) => `${k} ${num(v, 3)}`).join(', ')}.`, '');
    if (r.dictionary && Object.keys(r.dictionary).length) {
      lines.push('Stored / raw bytes with and without the shared dictionary (values stored one after another into a fresh cache; "all records" includes the first ones, stored plain while the dictionary was not trained yet; the dictionary itself, 32 KiB once per cache, is not counted):', '');
      const d = r.dictionary;
      lines.push(table(['JSON values', 'deflate alone', 'with the dictionary, all records', 'once trained'], Object.keys(d).map((k) => [`${num(d[k].values, 0)} × ${k}`, num(d[k].plain, 3), num(d[k].dictionary, 3), num(d[k].dictionarySteady, 3)])), '');
    }
  } else {
    lines.push(generic(r), '');
  }
  lines.push(`Machine: ${machineLine(r.machine)}.`, '');
  return lines.join('\n');
}

function diskPartsSection(r) {
  const lines = ['### Where a disk write goes (`npm run bench:diskparts`)', ''];
  if (!r) return [...lines, missing('npm run bench:diskparts')].join('\n');
  const sizes = Object.keys(r.parts);
  const parts = Object.keys(r.parts[sizes[0]]).filter((k) => typeof r.parts[sizes[0]][k] === 'object');
  const what = {
    'idb-keyval': 'idb-keyval setMany of the parsed objects',
    'one-put': 'one record per entry ({ record, body }), no index',
    entry: 'one flat record (metadata and body side by side), no index',
    'entry-keypath': 'the same in a keyPath store (key read out of each value)',
    'entry-indexed': 'one flat record, out-of-line keys, two compound indexes (a one-record layout, not used: see bench:capacity)',
    'entry-handlers': '+ an error handler set on each request',
    'entry-prebuilt': '+ the batch\'s records all built before the first put',
    'entry-4tx': 'entry-indexed in 4 transactions, one after another',
    'two-records': 'the layout in use: a meta record (indexed store) and a body record',
    'commit-direct': "DiskTier's commit() alone, 4 transactions (no queue)",
    'tiercache-raw': 'DiskTier, compression off',
    tiercache: 'DiskTier as configured (deflated before each transaction, the next batch while one commits)',
  };
  lines.push(`The same JSON values written uncompressed, one part added at a time (medians of ${r.rounds} rounds; ms, and × idb-keyval's rate):`, '');
  lines.push(table(['write', ...sizes.map((s) => `${s} × ${r.parts[s].count}`)], parts.map((p) => [what[p] ?? p, ...sizes.map((s) => `${num(r.parts[s][p].medianMs, 1)} ms (${num(r.parts[s][p].ratioVsIdbKeyval, 2)}×)`)])), '');
  lines.push(`Machine: ${machineLine(r.machine)}.`, '');
  return lines.join('\n');
}

function diskPeersSection(r) {
  const lines = ['### Disk tier vs localForage (`npm run bench:diskpeers`)', ''];
  if (!r) return [...lines, missing('npm run bench:diskpeers')].join('\n');
  const c = r.config;
  lines.push(
    `tiercache's \`DiskTier\` (page-side, \`encodeValue\` + fflate + IndexedDB) against localForage on the same parsed JSON values. ${c.note}. ` +
      `Fresh page and database per sample; medians of ${c.rounds} rounds, order alternated.`,
    '',
  );
  const rows = [];
  for (const [label, row] of Object.entries(r.results)) {
    for (const impl of ['tiercache', 'localforage']) {
      rows.push([`${impl === 'tiercache' ? '**tiercache DiskTier**' : 'localForage'}`, `${label} ×${row.count}`, num(row[impl].putPerSec, 0), num(row[impl].getP50Ms, 2), num(row[impl].getP95Ms, 2)]);
    }
    rows.push(['_tiercache ÷ localForage_', label, `_${ratio(row.putRatio)}_`, `_${ratio(row.tiercache.getP50Ms / row.localforage.getP50Ms)}_`, '']);
  }
  lines.push(table(['implementation', 'values', 'puts per second', 'get p50 (ms)', 'get p95 (ms)'], rows), '', `Machine: ${machineLine(r.machine)}.`, '');
  return lines.join('\n');
}

function swSection(r) {
  const lines = ['### Cached responses vs workbox CacheFirst (`npm run bench:sw`)', ''];
  if (!r) return [...lines, missing('npm run bench:sw')].join('\n');
  if (r.cachedResponse) {
    if (r.method) lines.push(r.method, '');
    const rows = Object.entries(r.cachedResponse).map(([impl, v]) => [impl === 'tiercache' ? '**tiercache serveCache**' : impl, num(v.p50), num(v.p95)]);
    lines.push('Cached response, fetch + arrayBuffer in the page (ms, lower is better):', '', table(['implementation', 'p50 (ms)', 'p95 (ms)'], rows), '');
    if (r.get) {
      const getRows = Object.entries(r.get).map(([what, v]) => [what, num(v.p50, 2), num(v.p95, 2)]);
      lines.push('`cache.get` (ms):', '', table(['path', 'p50 (ms)', 'p95 (ms)'], getRows), '');
    }
    if (r.http) {
      const httpRows = Object.entries(r.http).map(([kind, v]) => [kind, num(v.p50, 2), num(v.p95, 2), num(v.bytesPerRequest, 0)]);
      lines.push('The `http` strategy: a revalidated request (304, body from the cache) versus a full refetch (4 KB JSON):', '', table(['request', 'p50 (ms)', 'p95 (ms)', 'bytes over the wire per request'], httpRows), '');
    }
    if (r.ratios) lines.push(table(['ratio', 'value'], Object.entries(r.ratios).map(([k, v]) => [k, ratio(v)])), '');
    if (r.target) lines.push(`Target: ${r.target}: **${r.targetMet ? 'met' : 'not met'}**.`, '');
    if (r.floorTarget) lines.push(`Target: ${r.floorTarget}: **${r.floorTargetMet ? 'met' : 'not met'}**.`, '');
    const load = r.machine?.loadAverage1m;
    if (load) lines.push(`Load average (1 min) on the machine during the run: ${load.before} before, ${load.after} after (other work shared its cores: read the ratios, not the absolute times).`, '');
  } else {
    lines.push(generic(r), '');
  }
  lines.push(`Machine: ${machineLine(r.machine)}.`, '');
  return lines.join('\n');
}

/** Any results object as a table of its numeric leaves (for formats this report does not know). */
function generic(r) {
  const rows = [];
  const walk = (value, at) => {
    if (rows.length > 80) return;
    if (isNum(value)) rows.push([`\`${at}\``, num(value, Number.isInteger(value) ? 0 : 2)]);
    else if (Array.isArray(value)) return;
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (k !== 'machine') walk(v, at ? `${at}.${k}` : k);
  };
  walk(r, '');
  return table(['measure', 'value'], rows);
}

// ---- the document -----------------------------------------------------------------------------

const capacity = load('capacity');
const mainthread = load('mainthread');
const scale = load('scale');
const lru = load('lru');
const disk = load('disk');
const diskparts = load('diskparts');
const sw = load('sw');
const diskpeers = load('diskpeers');
const machines = [
  ['capacity', capacity],
  ['mainthread', mainthread],
  ['scale', scale],
  ['lru', lru],
  ['disk', disk],
  ['diskparts', diskparts],
  ['sw', sw],
  ['diskpeers', diskpeers],
].filter(([, r]) => r);

const doc = [
  '# Benchmarks',
  '',
  '<!-- Generated by `npm run bench` (bench/report.mjs) from bench/results/*.json. Do not edit by hand. -->',
  '',
  'Every number here is printed by a benchmark in `bench/`, with its peer in the same run, implementations alternated over the rounds, medians reported. ' +
    '`npm run bench` runs them all and regenerates this page; each also runs on its own (`npm run bench:lru`, `bench:disk`, `bench:diskparts`, `bench:sw`, `bench:diskpeers`, `bench:capacity`, `bench:mainthread`, `bench:scale`, then `bench:report`). ' +
    'Absolute times depend on the machine (below, per result); the ratios and counts are what to compare.',
  '',
  '## Machines',
  '',
  table(['result', 'machine', 'date'], machines.map(([name, r]) => [name, machineLine(r.machine), r.machine?.date ?? r.date ?? '—']), { left: true }),
  '',
  capacitySection(capacity),
  '',
  mainThreadSection(mainthread),
  '',
  scaleSection(scale),
  '',
  '## Speed against the peers',
  '',
  lruSection(lru),
  '',
  diskSection(disk),
  diskPartsSection(diskparts),
  '',
  diskPeersSection(diskpeers),
  '',
  swSection(sw),
  '',
].join('\n');

mkdirSync(docs, { recursive: true });
for (const [name, svg] of Object.entries(charts)) writeFileSync(path.join(docs, name), svg);
writeFileSync(path.join(docs, 'BENCHMARKS.md'), doc);
console.log(`report: wrote docs/BENCHMARKS.md${Object.keys(charts).length ? ` and ${Object.keys(charts).map((n) => `docs/${n}`).join(', ')}` : ''}`);
