// The crash suite's browser side (issue 18): Chromium on a persistent profile folder, started as
// a process group of its own so SIGKILL takes the browser with its renderers, GPU and storage
// processes at once (no shutdown, no flush), and driven over CDP (Playwright connectOverCDP).
//
// One profile per seed and mode. Each round: start Chromium on the profile, set the CDP quota
// (quota seeds) before the origin touches IndexedDB, open the crash page, check what the previous
// kill left (check.mjs), run the seeded workload, and SIGKILL the browser at a random moment.
// A last reopen checks the last kill.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumExecutable } from '../chromium.mjs';
import { addSession, checkReads, checkScan, evictedKeys, newHistory, rebase } from './check.mjs';
import { CRASH_BUDGET, CRASH_QUOTA, KEY_COUNT, keyName, prng } from './workload.mjs';

const ALL_KEYS = Array.from({ length: KEY_COUNT }, (_, i) => keyName(i));

/**
 * What Chromium logs (stderr, ERROR) when it opens an IndexedDB database that a kill left corrupt
 * ("Failed to open LevelDB database … Corruption: checksum mismatch") and deletes it: every record
 * of the origin is gone, whatever the cache acknowledged.
 */
const DELETED_CORRUPT = /IndexedDB recovering from a corrupted \(and deleted\) database/;

/** Starts Chromium on `profile` in its own process group; resolves once its DevTools endpoint is up. */
function startChromium(profile) {
  const args = [...chromiumArgs, '--headless', '--no-sandbox', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'];
  const child = spawn(chromiumExecutable() ?? 'chromium', args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${err.slice(-500)}`)), 30_000);
    child.stderr.on('data', (chunk) => {
      err += chunk;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        child.stderr.removeAllListeners('data');
        let tail = '';
        child.stderr.on('data', (more) => {
          tail = (tail + more).slice(-1000);
          if (DELETED_CORRUPT.test(tail)) child.deletedCorrupt = true;
        });
        resolve({ child, endpoint: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`Chromium exited (${code}): ${err.slice(-500)}`)));
  });
}

/** SIGKILL to the whole process group, then wait until the browser process is gone. */
async function kill(child) {
  const gone = new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', resolve)));
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  await gone;
  // The group's last processes (zygote, utility) exit right after: let them, so the next start finds the profile unlocked.
  await new Promise((r) => setTimeout(r, 300));
}

/**
 * Opens the crash page on a fresh browser over `profile`. Returns the browser handles and the
 * live event log (every crashLog call appended as it arrives).
 */
async function openSession({ profile, baseURL, mode, quota, name }) {
  const { child, endpoint } = await startChromium(profile);
  const browser = await chromium.connectOverCDP(endpoint);
  const context = browser.contexts()[0];
  const events = [];
  await context.exposeBinding('crashLog', (_source, batch) => void events.push(...batch.map((e) => ({ ...e, at: Date.now() }))));
  await context.addInitScript(holdEvictions, null);
  const page = context.pages()[0] ?? (await context.newPage());
  const url = `${baseURL}/e2e-pages/crash.html`;
  let cdp;
  if (quota) {
    // Before the origin writes IndexedDB in this session: set from about:blank, before the
    // navigation (a worker from an earlier round may open its databases as the page loads).
    cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(url).origin, quotaSize: quota });
  }
  await page.goto(url);
  const opened = await page.evaluate((o) => window.crashOpen(o), { name, worker: mode === 'worker' });
  if (opened.mode !== mode) throw new Error(`the cache runs its disk tier in ${opened.mode} mode, not ${mode}`);
  const notes = mode === 'worker' ? await recordWorkerNotes(context, events) : undefined;
  return { child, browser, page, events, cdp, notes };
}

/**
 * Eviction notes that no kill can cut off. The cache reports an eviction (its `evict` event, the
 * worker's note) once the deletes have committed; a kill in between lost the report, not the
 * deletes (seeds 4 and 6: a burst's budget eviction, its victims the oldest in last-access order,
 * absent after the reopen with no event logged). Run in the page and in the worker, this holds
 * every eviction transaction open (with reads) from the moment it deletes from 'meta' until this
 * process has recorded the victims as an 'evi' note: over the binding in the page, over HTTP from
 * the worker (`noteUrl`). An eviction transaction is a readwrite one that read the 'expiresAt' or
 * 'lastAccess' index (src/disk/store/evict.ts; no other readwrite transaction reads an index).
 */
function holdEvictions(noteUrl) {
  if (self.crashEvictionNotes) return;
  self.crashEvictionNotes = true;
  const send = noteUrl ? (note) => fetch(noteUrl, { method: 'POST', mode: 'no-cors', body: JSON.stringify(note) }) : (note) => self.crashLog([note]);
  const evicting = new WeakSet();
  const getAll = IDBIndex.prototype.getAll;
  IDBIndex.prototype.getAll = function (...args) {
    if (this.objectStore.transaction.mode === 'readwrite') evicting.add(this.objectStore.transaction);
    return getAll.apply(this, args);
  };
  const remove = IDBObjectStore.prototype.delete;
  IDBObjectStore.prototype.delete = function (query) {
    if (this.name !== 'meta' || !evicting.has(this.transaction)) return remove.call(this, query);
    const store = this;
    const victims = store.getAllKeys(query); // runs before the delete: the keys it removes
    victims.onsuccess = () => {
      let noted = false;
      send({ e: 'evi', keys: victims.result }).then(
        () => (noted = true),
        () => (noted = true), // the browser is going: nothing to hold for
      );
      const hold = () => {
        if (!noted) store.count('').onsuccess = hold;
      };
      hold();
    };
    return remove.call(this, query);
  };
}

/** Listens for the worker's 'evi' notes (holdEvictions) on a port of its own; each is in `events` before its reply goes. */
function noteServer(events) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      try {
        events.push({ ...JSON.parse(body), at: Date.now() });
      } catch {
        // not a note
      }
      res.writeHead(204, { 'Access-Control-Allow-Origin': '*' }).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const NOTE = 'tiercache-crash-note ';

/**
 * Worker mode: the worker's evictions and faults reach the page as notes on a BroadcastChannel,
 * which nothing orders with the replies that resolve the page's writes. On a loaded machine a
 * batch's 'evict' notes reached the page 50-120 ms after the worker posted them, behind that
 * batch's acknowledgements, so a kill soon after those acknowledgements lost evictions the worker
 * had made before replying (seed 1: k0, k1, k3 and k11 "lost"). The worker also writes each note
 * to its console as it posts it, which reaches this process over CDP ahead of the reply: 'wev'
 * and 'werr' in the log (the page's own 'ev' and 'err' events are logged as before).
 */
async function recordWorkerNotes(context, events) {
  const notes = await noteServer(events);
  const noteUrl = `http://127.0.0.1:${notes.address().port}/`;
  context.on('console', (message) => {
    const text = message.text();
    if (text.startsWith(NOTE)) events.push({ ...JSON.parse(text.slice(NOTE.length)), at: Date.now() });
  });
  const patchNotes = (worker) =>
    worker.evaluate((prefix) => {
      if (self.crashNotes) return;
      self.crashNotes = true;
      const post = BroadcastChannel.prototype.postMessage;
      BroadcastChannel.prototype.postMessage = function (m) {
        if (m?.from === 'sw' && m.type === 'evict') console.debug(prefix + JSON.stringify({ e: 'wev', key: m.key, reason: m.evict.reason }));
        if (m?.from === 'sw' && m.type === 'error') console.debug(prefix + JSON.stringify({ e: 'werr', code: m.error.code }));
        return post.call(this, m);
      };
    }, NOTE);
  const patch = (worker) => Promise.all([worker.evaluate(holdEvictions, noteUrl), patchNotes(worker)]);
  context.on('serviceworker', (worker) => void patch(worker).catch(() => undefined)); // a restarted worker
  const running = context.serviceWorkers();
  await Promise.all((running.length > 0 ? running : [await context.waitForEvent('serviceworker')]).map(patch));
  return notes;
}

/** Evict events ('ev', 'wev') for a key that no eviction note ('evi') of the session named before them: evictions holdEvictions missed. */
function unnoted(events) {
  const noted = new Set();
  let count = 0;
  for (const e of events) {
    if (e.e === 'evi') for (const key of e.keys) noted.add(key);
    else if ((e.e === 'ev' || e.e === 'wev') && !noted.has(e.key)) count++;
  }
  return count;
}

/**
 * Runs one seed in one mode: `kills` rounds of workload + SIGKILL, each checked at the next
 * reopen. Returns the counts and the failures (each with its round).
 */
export async function runSeed({ baseURL, mode, seed, kills, steps = 100_000, killWindowMs = 20_000, verbose = false, log = console.log }) {
  const profile = mkdtempSync(join(tmpdir(), `tiercache-crash-${mode}-${seed}-`));
  const quota = seed % 2 === 1 ? CRASH_QUOTA : undefined;
  const name = `crash-${mode}-${seed}`;
  const rng = prng(seed + 7919);
  const history = newHistory();
  const totals = { killPoints: 0, keysChecked: 0, confirmedValues: 0, inFlightOutcomes: 0, acks: 0, errors: 0, evictions: 0, quotaEvictions: 0, workerNotes: 0, evictionNotes: 0, unnotedEvictions: 0, notedOnly: 0, browserDeletions: 0, lostToBrowser: 0, lost: 0, regressed: 0, neverWritten: 0, inconsistent: 0, failures: [] };
  try {
    for (let round = 0; round <= kills; round++) {
      const session = await openSession({ profile, baseURL, mode, quota, name });
      try {
        if (round > 0) {
          const result = await session.page.evaluate((extra) => window.crashCheck(extra), []);
          await new Promise((r) => setTimeout(r, 200));
          const reopenEvicted = evictedKeys(session.events);
          // Chromium deleted the database it found corrupt: every key must read absent (the history is gone with it).
          const deleted = session.child.deletedCorrupt === true;
          if (deleted) {
            totals.browserDeletions++;
            totals.lostToBrowser += checkReads(history, result.reads, reopenEvicted).failures.length;
          }
          const reads = checkReads(deleted ? newHistory() : history, result.reads, reopenEvicted);
          const scanFailures = checkScan(result.stats, result.scan, CRASH_BUDGET);
          if (!result.alive) scanFailures.push({ kind: 'not-working' });
          totals.keysChecked += reads.checked;
          totals.confirmedValues += reads.confirmedValues;
          totals.inFlightOutcomes += reads.inFlightOutcomes;
          totals.notedOnly += reads.notedOnly;
          for (const f of [...reads.failures, ...scanFailures]) {
            if (f.kind === 'lost') totals.lost++;
            else if (f.kind === 'regressed') totals.regressed++;
            else if (f.kind === 'never-written') totals.neverWritten++;
            else totals.inconsistent++;
            totals.failures.push({ round, ...f });
          }
          if (verbose) log(`  ${mode} seed ${seed} round ${round}: ${reads.checked} keys, ${reads.confirmedValues} confirmed values, ${reads.inFlightOutcomes} in-flight outcomes, ${reads.notedOnly} absent by an eviction note alone, ${reads.failures.length + scanFailures.length} failures`);
          if (verbose) for (const e of session.events.filter((ev) => ev.e === 'err' || ev.e === 'werr')) log(`    ${mode} seed ${seed} round ${round}, at the reopen: error ${e.code} ${e.message ?? ''}`);
          if (verbose && deleted) log(`    ${mode} seed ${seed} round ${round}, at the reopen: Chromium found the IndexedDB database corrupt and deleted it`);
          if (verbose) log(`    ${mode} seed ${seed} round ${round}, at the reopen: ${reopenEvicted.size} keys evicted (${[...reopenEvicted].join(' ')})`);
          rebase(history, result.reads, reopenEvicted);
          session.events.length = 0;
        }
        if (round === kills) break;
        // The kill comes once a random number of writes were acknowledged (so it lands in the
        // middle of the workload however fast this machine runs it), a random 0-40 ms later;
        // or after killWindowMs, whichever is first.
        const killAfterAcks = 1 + Math.floor(rng() * 60);
        const jitterMs = Math.floor(rng() * 40);
        const started = Date.now();
        const run = session.page.evaluate((o) => window.crashRun(o), { seed, round, steps }).catch(() => undefined);
        let finished = false;
        void run.then(() => (finished = true));
        const acked = () => session.events.reduce((n, e) => n + (e.e === 'a' ? 1 : 0), 0);
        while (!finished && acked() < killAfterAcks && Date.now() - started < killWindowMs) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setTimeout(r, jitterMs));
        await kill(session.child);
        const events = session.events.slice();
        if (process.env.CRASH_TRACE) console.log(events.map((e) => `${e.at - started} ${e.e} ${e.op ?? ''} ${e.key ?? ''} ${e.size ?? ''}`).join('\n'));
        addSession(history, events, ALL_KEYS);
        totals.killPoints++;
        totals.acks += events.filter((e) => e.e === 'a').length;
        totals.errors += events.filter((e) => e.e === 'err').length;
        totals.evictions += events.filter((e) => e.e === 'ev').length;
        totals.quotaEvictions += events.filter((e) => e.e === 'ev' && e.reason === 'quota').length;
        totals.workerNotes += events.filter((e) => e.e === 'wev' || e.e === 'werr').length;
        totals.evictionNotes += events.reduce((n, e) => n + (e.e === 'evi' ? e.keys.length : 0), 0);
        totals.unnotedEvictions += unnoted(events);
        for (const e of events.filter((ev) => ev.e === 'rej')) {
          totals.inconsistent++; // set/delete/clear never reject for valid input
          totals.failures.push({ round, kind: 'rejected', message: e.message });
        }
        if (verbose) log(`  ${mode} seed ${seed} round ${round}: killed after ${Date.now() - started} ms, ${events.filter((e) => e.e === 'i').length} issued, ${events.filter((e) => e.e === 'a').length} acknowledged, ${events.filter((e) => e.e === 'err').length} errors, evicted ${events.flatMap((e) => (e.e === 'evi' ? e.keys : [])).join(' ') || 'nothing'} (noted), ${events.filter((e) => e.e === 'ev').length} evict events`);
      } finally {
        await session.browser.close().catch(() => undefined);
        await kill(session.child);
        session.notes?.close();
      }
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return totals;
}
