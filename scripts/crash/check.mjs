// The crash suite's checker (issue 18): what a reopened profile may hold, given the log of
// everything the page issued and had acknowledged before the kill. Pure: node tests can call it.
//
// The log is in issue order (one channel, in order): 'i' issues a set/delete/clear, 'a' is its
// acknowledgement (the promise resolved), 'err' an `error` event, 'ev' a disk eviction. In worker
// mode also 'wev' and 'werr': the worker's eviction and fault notes as the worker posts them
// (their copies reach the page on a channel that the write acknowledgements overtake). In both
// modes 'evi': an eviction's victims, recorded before its deletes commit (holdEvictions in harness.mjs).
// A write is CONFIRMED when it was acknowledged and no `error` event came while it was on its way
// (a refused write degrades to memory and says so: the disk may keep what it had). For each key,
// the last confirmed write that touched it (a set of it, a delete of it, a clear) is its ANCHOR.
// After the reopen a key may read:
//   - the anchor's value (a set), or absent (a delete or clear);
//   - absent after an anchored set only if the key was evicted: an eviction of it ('ev', 'wev',
//     'evi') logged after that set, or any eviction or `error` event logged in the last EVICT_WINDOW events before the
//     kill (an eviction whose event the kill cut off; an `error` is a refused write over quota,
//     whose recovery lowers the budget and evicts next, in worker mode after the page heard of the
//     error), or one in the reopened session;
//   - what any later, unconfirmed write of it left (in flight at the kill, or refused): its value,
//     or absent for a delete or clear.
// Anything else is a failure: LOST (absent where the anchor's value must be), REGRESSED (an older
// value of the key), or NEVER WRITTEN (a value no set of that key carried, or not the exact bytes).
import { idOf, valueOf } from './workload.mjs';

/** An eviction (or a quota error, which an eviction follows) within this many log events before the kill may have lost its own 'ev' event. */
const EVICT_WINDOW = 50;

/**
 * What one profile went through, across its rounds: per key, the writes that touched it in issue
 * order ({ kind: 'set' | 'absent', id?, size?, seq, confirmed, evicted }), and every set by id.
 */
export function newHistory() {
  return { keys: new Map(), seq: 0, sets: new Map() };
}

function writesOf(history, key) {
  let list = history.keys.get(key);
  if (!list) history.keys.set(key, (list = []));
  return list;
}

/** Adds one session's log (from open to kill) to `history`; `allKeys` are the keys a clear touches. */
export function addSession(history, events, allKeys) {
  const open = new Map(); // n → { writes, errored }
  const evictIndex = [];
  events.forEach((ev, index) => {
    if (ev.e === 'i') {
      const seq = ++history.seq;
      const writes = [];
      if (ev.op === 'clear') {
        for (const key of allKeys) writes.push({ key, kind: 'absent', seq });
      } else if (ev.op === 'delete') {
        writes.push({ key: ev.key, kind: 'absent', seq });
      } else {
        writes.push({ key: ev.key, kind: 'set', id: ev.id, size: ev.size, seq });
        history.sets.set(ev.id, { key: ev.key, size: ev.size, seq });
      }
      for (const w of writes) {
        w.confirmed = false;
        w.evicted = false;
        writesOf(history, w.key).push(w);
      }
      open.set(ev.n, { writes, errored: false });
    } else if (ev.e === 'a') {
      const o = open.get(ev.n);
      if (o && !o.errored) for (const w of o.writes) w.confirmed = true;
      open.delete(ev.n);
    } else if (ev.e === 'err' || ev.e === 'werr') {
      evictIndex.push(index);
      for (const o of open.values()) o.errored = true;
    } else if (ev.e === 'ev' || ev.e === 'wev') {
      evictIndex.push(index);
      markEvicted(history, ev.key, 'evicted');
    } else if (ev.e === 'evi') {
      for (const key of ev.keys) markEvicted(history, key, 'noted'); // logged before the deletes commit: no kill cuts it off
    }
  });
  // An eviction near the kill (or one a quota error near it set off) may have lost its event: any set may be gone.
  const lastEvict = evictIndex.at(-1);
  if (lastEvict !== undefined && events.length - lastEvict <= EVICT_WINDOW) {
    for (const list of history.keys.values()) for (const w of list) if (w.kind === 'set') w.evicted = true;
  }
}

/** An eviction of `key` removed whatever it held then: any set logged before it may be absent. `flag`: 'evicted' (an evict event) or 'noted' (an 'evi' note). */
function markEvicted(history, key, flag) {
  for (const w of history.keys.get(key) ?? []) if (w.kind === 'set') w[flag] = true;
}

/**
 * Checks the reads of a reopened profile against `history`. `reopenEvicted`: keys evicted in the
 * reopened session before or during the reads. Returns counts and the failures.
 */
export function checkReads(history, reads, reopenEvicted = new Set()) {
  const failures = [];
  let checked = 0;
  let confirmedValues = 0;
  let inFlightOutcomes = 0;
  let notedOnly = 0;
  for (const [key, read] of Object.entries(reads)) {
    checked++;
    const list = history.keys.get(key) ?? [];
    let anchor = -1;
    list.forEach((w, i) => {
      if (w.confirmed) anchor = i;
    });
    const allowed = new Set();
    let absentOk = anchor === -1;
    let byNoteOnly = false; // absent, and only an 'evi' note says why
    const base = list[anchor];
    if (base?.kind === 'set') {
      allowed.add(base.id);
      if (base.evicted || reopenEvicted.has(key)) absentOk = true;
      else if (base.noted) absentOk = byNoteOnly = true;
    } else if (base) absentOk = true;
    for (const w of list.slice(anchor + 1)) {
      if (w.kind === 'set') allowed.add(w.id);
      else {
        absentOk = true;
        byNoteOnly = false;
      }
    }
    if (read === null) {
      if (byNoteOnly) notedOnly++;
      if (absentOk) continue;
      failures.push({ kind: 'lost', key, expected: base.id });
      continue;
    }
    const id = idOf(read);
    const set = history.sets.get(id);
    if (!set || set.key !== key || read !== valueOf(id, set.size)) {
      failures.push({ kind: 'never-written', key, got: String(read).slice(0, 40) });
    } else if (!allowed.has(id)) {
      failures.push({ kind: 'regressed', key, got: id, expected: base ? (base.kind === 'set' ? base.id : 'absent') : 'absent' });
    } else if (base?.kind === 'set' && id === base.id) {
      confirmedValues++;
    } else {
      inFlightOutcomes++;
    }
  }
  return { checked, confirmedValues, inFlightOutcomes, notedOnly, failures };
}

/** The keys a log says were evicted (by the page's events or the worker's notes). */
export function evictedKeys(events) {
  return new Set(events.flatMap((e) => (e.e === 'ev' || e.e === 'wev' ? [e.key] : e.e === 'evi' ? e.keys : [])));
}

/**
 * After a successful check the reads are the truth: every key's history restarts from what it
 * holds. `evicted`: keys evicted in the checking session, perhaps after their read.
 */
export function rebase(history, reads, evicted = new Set()) {
  for (const [key, read] of Object.entries(reads)) {
    const list = writesOf(history, key);
    list.length = 0;
    if (read === null) list.push({ key, kind: 'absent', seq: ++history.seq, confirmed: true, evicted: false });
    else {
      const id = idOf(read);
      list.push({ key, kind: 'set', id, size: history.sets.get(id)?.size, seq: ++history.seq, confirmed: true, evicted: evicted.has(key) });
    }
  }
}

/** Totals equal a full scan, every meta has its body of its size, and no body is an orphan. */
export function checkScan(stats, scan, budget) {
  const failures = [];
  const sum = { entries: 0, rawBytes: 0, storedBytes: 0 };
  for (const r of scan.records) {
    sum.entries++;
    sum.rawBytes += r.rawBytes;
    sum.storedBytes += r.storedBytes;
    if (scan.bodyBytes[r.key] !== r.storedBytes) failures.push({ kind: 'body', key: r.key, meta: r.storedBytes, body: scan.bodyBytes[r.key] ?? null });
  }
  const metaKeys = new Set(scan.records.map((r) => r.key));
  for (const key of Object.keys(scan.bodyBytes)) if (!metaKeys.has(key)) failures.push({ kind: 'orphan-body', key });
  const totals = { entries: stats.entries, rawBytes: stats.rawBytes, storedBytes: stats.storedBytes };
  if (totals.entries !== sum.entries || totals.rawBytes !== sum.rawBytes || totals.storedBytes !== sum.storedBytes) {
    failures.push({ kind: 'totals', totals, scan: sum });
  }
  if (stats.storedBytes > budget) failures.push({ kind: 'budget', storedBytes: stats.storedBytes, budget });
  return failures;
}
