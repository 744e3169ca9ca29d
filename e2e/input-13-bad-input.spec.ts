// Scenario 13: bad input. Expected: a precise TypeError or RangeError (the right class, a message
// naming what is wrong), and the cache unchanged: memory, disk totals and the records on disk.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, expectConsistent, expectNoRejections, openPage, scan, test, uniqueName } from './support/harness.ts';

interface Thrown {
  label: string;
  name: string;
  message: string;
}

/** Opens a page-mode cache holding one known entry on disk. */
async function cacheWithOneEntry(page: Page, name: string, extra: Record<string, unknown> = {}): Promise<void> {
  await page.evaluate(
    async ({ name, extra }) => {
      const cache = window.tc.make('c', { name, memory: { maxEntries: 50 }, disk: { maxBytes: 1 << 20 }, ...extra });
      await cache.set('keep', { kept: true });
    },
    { name, extra },
  );
}

/** The cache still holds exactly the one entry, in memory and on disk. */
async function expectUnchanged(page: Page, name: string): Promise<void> {
  const state = await page.evaluate(async () => {
    const cache = window.tc.caches.c!;
    const stats = await cache.stats();
    return { keep: cache.peek('keep'), memory: stats.memory.entries, disk: stats.disk.entries, errors: window.tc.errors.c ?? [] };
  });
  expect(state).toEqual({ keep: { kept: true }, memory: 1, disk: 1, errors: [] });
  const records = await scan(page, name);
  expect(records.records.map((r) => r.key)).toEqual(['keep']);
  expectConsistent(records);
  await expectNoRejections(page);
}

test('keys that are not strings are a TypeError from every method and change nothing', async ({ context }) => {
  const name = uniqueName('keys');
  const page = await openPage(context, { sw: false });
  await cacheWithOneEntry(page, name);
  const thrown = await page.evaluate(async () => {
    const cache = window.tc.caches.c!;
    const badKeys: [string, unknown][] = [
      ['number', 1],
      ['null', null],
      ['undefined', undefined],
      ['object', { toString: () => 'keep' }],
      ['symbol', Symbol('k')],
      ['array', ['keep']],
    ];
    const out: Thrown[] = [];
    for (const [label, key] of badKeys) {
      const calls: [string, () => unknown][] = [
        ['set', () => cache.set(key as string, 'v')],
        ['get', () => cache.get(key as string)],
        ['has', () => cache.has(key as string)],
        ['delete', () => cache.delete(key as string)],
        ['peek', () => cache.peek(key as string)],
      ];
      for (const [method, call] of calls) {
        try {
          await call();
          out.push({ label: `${method}(${label})`, name: 'none', message: '' });
        } catch (err) {
          out.push({ label: `${method}(${label})`, name: (err as Error).constructor.name, message: (err as Error).message });
        }
      }
    }
    return out;
  });
  for (const t of thrown) {
    expect(t.name, t.label).toBe('TypeError');
    expect(t.message, t.label).toMatch(/key/);
  }
  await expectUnchanged(page, name);
});

test('values that cannot be cached are a TypeError naming the offending part, and nothing is stored', async ({ context }) => {
  const name = uniqueName('values');
  const page = await openPage(context, { sw: false });
  await cacheWithOneEntry(page, name);
  const thrown = await page.evaluate(async () => {
    const cache = window.tc.caches.c!;
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    const deep: Record<string, unknown> = { list: [1, 2, { fn: () => 1 }] };
    const values: [string, unknown][] = [
      ['function', () => 1],
      ['symbol', Symbol('s')],
      ['bigint', 10n],
      ['cycle', cycle],
      ['nested function', deep],
      ['undefined', undefined],
      ['NaN', { n: NaN }],
      ['Infinity', [Infinity]],
      ['Map', new Map([['a', 1]])],
      ['Date', new Date(0)],
      ['class instance', new (class Point { x = 1 })()],
    ];
    const out: Thrown[] = [];
    for (const [label, value] of values) {
      try {
        await cache.set(`bad:${label}`, value);
        out.push({ label, name: 'none', message: '' });
      } catch (err) {
        out.push({ label, name: (err as Error).constructor.name, message: (err as Error).message });
      }
    }
    return out;
  });
  for (const t of thrown) expect(t.name, `${t.label}: ${t.message}`).toBe('TypeError');
  expect(thrown.find((t) => t.label === 'cycle')?.message).toMatch(/cycle/);
  expect(thrown.find((t) => t.label === 'nested function')?.message).toMatch(/list\[2\]\.fn/);
  await expectUnchanged(page, name);
});

test('a value over maxEntryBytes is a RangeError and nothing is stored', async ({ context }) => {
  const name = uniqueName('toolarge');
  const page = await openPage(context, { sw: false });
  await cacheWithOneEntry(page, name, { maxEntryBytes: 10_000 });
  const thrown = await page.evaluate(async () => {
    const cache = window.tc.caches.c!;
    const out: Thrown[] = [];
    for (const [label, value] of [
      ['string', 'x'.repeat(10_001)],
      ['bytes', new Uint8Array(20_000)],
      ['json', { text: 'y'.repeat(10_000) }],
    ] as const) {
      try {
        await cache.set(`big:${label}`, value);
        out.push({ label, name: 'none', message: '' });
      } catch (err) {
        out.push({ label, name: (err as Error).constructor.name, message: (err as Error).message });
      }
    }
    // Exactly at the limit is accepted (then removed again).
    await cache.set('at-limit', 'z'.repeat(10_000));
    const atLimit = (await cache.get('at-limit')) === 'z'.repeat(10_000);
    await cache.delete('at-limit');
    return { out, atLimit };
  });
  for (const t of thrown.out) {
    expect(t.name, t.label).toBe('RangeError');
    expect(t.message, t.label).toMatch(/maxEntryBytes/);
  }
  expect(thrown.atLimit).toBe(true);
  await expectUnchanged(page, name);
});

test('createCache refuses missing, negative, NaN and infinite bounds, unknown strategies and bad names, naming the option', async ({ context }) => {
  const page = await openPage(context, { sw: false });
  const results = await page.evaluate(() => {
    const cases: [string, unknown, 'TypeError' | 'RangeError' | 'either', RegExp][] = [
      ['no options', undefined, 'TypeError', /options/],
      ['no memory bound', { memory: {} }, 'TypeError', /maxEntries.*maxBytes|maxBytes.*maxEntries/],
      ['memory missing', { disk: { maxBytes: 1000 } }, 'TypeError', /memory/],
      ['maxEntries negative', { memory: { maxEntries: -1 } }, 'RangeError', /maxEntries/],
      ['maxEntries zero', { memory: { maxEntries: 0 } }, 'RangeError', /maxEntries/],
      ['maxEntries NaN', { memory: { maxEntries: NaN } }, 'either', /maxEntries/],
      ['maxEntries Infinity', { memory: { maxEntries: Infinity } }, 'RangeError', /maxEntries/],
      ['maxEntries fractional', { memory: { maxEntries: 1.5 } }, 'RangeError', /maxEntries/],
      ['maxEntries string', { memory: { maxEntries: '10' } }, 'TypeError', /maxEntries/],
      ['maxBytes negative', { memory: { maxBytes: -1 } }, 'RangeError', /maxBytes/],
      ['maxBytes Infinity', { memory: { maxBytes: Infinity } }, 'RangeError', /maxBytes/],
      ['disk.maxBytes negative', { memory: { maxEntries: 1 }, disk: { maxBytes: -5 } }, 'RangeError', /disk\.maxBytes/],
      ['disk.maxBytes NaN', { memory: { maxEntries: 1 }, disk: { maxBytes: NaN } }, 'either', /disk\.maxBytes/],
      ['disk.maxBytes Infinity', { memory: { maxEntries: 1 }, disk: { maxBytes: Infinity } }, 'RangeError', /disk\.maxBytes/],
      ['disk.lowWater above 1', { memory: { maxEntries: 1 }, disk: { lowWater: 2 } }, 'RangeError', /lowWater/],
      ['disk not an object', { memory: { maxEntries: 1 }, disk: 'yes' }, 'TypeError', /disk/],
      ['ttlMs negative', { memory: { maxEntries: 1 }, ttlMs: -1 }, 'RangeError', /ttlMs/],
      ['ttlMs NaN', { memory: { maxEntries: 1 }, ttlMs: NaN }, 'either', /ttlMs/],
      ['maxEntryBytes zero', { memory: { maxEntries: 1 }, maxEntryBytes: 0 }, 'RangeError', /maxEntryBytes/],
      ['workerTimeoutMs negative', { memory: { maxEntries: 1 }, workerTimeoutMs: -1 }, 'RangeError', /workerTimeoutMs/],
      ['unknown strategy', { memory: { maxEntries: 1 }, strategy: 'cache-last' }, 'TypeError', /strategy/],
      ['name with a path', { name: '../other', memory: { maxEntries: 1 } }, 'TypeError', /name/],
      ['name empty', { name: '', memory: { maxEntries: 1 } }, 'TypeError', /name/],
      ['now not a function', { memory: { maxEntries: 1 }, now: 5 }, 'TypeError', /now/],
    ];
    return cases.map(([label, options, expected, pattern]) => {
      try {
        const cache = window.createCache(options as Parameters<typeof window.createCache>[0]);
        cache.close();
        return { label, expected, name: 'none', message: '', matches: false };
      } catch (err) {
        const message = (err as Error).message;
        return { label, expected, name: (err as Error).constructor.name, message, matches: pattern.test(message) };
      }
    });
  });
  for (const r of results) {
    if (r.expected === 'either') expect(['TypeError', 'RangeError'], `${r.label}: ${r.message}`).toContain(r.name);
    else expect(r.name, `${r.label}: ${r.message}`).toBe(r.expected);
    expect(r.matches, `${r.label}: the message names the option: ${r.message}`).toBe(true);
  }
});

test('per-call options: unknown fetch strategy, negative timeouts and bad ttlMs are precise errors and change nothing', async ({ context }) => {
  const name = uniqueName('calls');
  const page = await openPage(context, { sw: false });
  await cacheWithOneEntry(page, name);
  const results = await page.evaluate(async () => {
    const cache = window.tc.caches.c!;
    const calls: [string, () => Promise<unknown>, 'TypeError' | 'RangeError' | 'either'][] = [
      ['fetch strategy unknown', () => cache.fetch('/api/products/1', { strategy: 'cache-last' as never }), 'TypeError'],
      ['fetch timeoutMs negative', () => cache.fetch('/api/products/1', { strategy: 'network-first', timeoutMs: -1 }), 'RangeError'],
      ['fetch ttlMs NaN', () => cache.fetch('/api/products/1', { ttlMs: NaN }), 'either'],
      ['fetch cacheableStatuses bad', () => cache.fetch('/api/products/1', { cacheableStatuses: [0] }), 'TypeError'],
      ['fetch allowAuthorized not boolean', () => cache.fetch('/api/products/1', { allowAuthorized: 'yes' as never }), 'TypeError'],
      ['set ttlMs negative', () => cache.set('k', 1, { ttlMs: -1 }), 'RangeError'],
      ['set ttlMs string', () => cache.set('k', 1, { ttlMs: '5' as never }), 'TypeError'],
      ['set options not an object', () => cache.set('k', 1, 5 as never), 'TypeError'],
      ['batch without a function', () => cache.batch(5 as never), 'TypeError'],
    ];
    const out: { label: string; expected: string; name: string; message: string }[] = [];
    for (const [label, call, expected] of calls) {
      try {
        await call();
        out.push({ label, expected, name: 'none', message: '' });
      } catch (err) {
        out.push({ label, expected, name: (err as Error).constructor.name, message: (err as Error).message });
      }
    }
    return out;
  });
  for (const r of results) {
    if (r.expected === 'either') expect(['TypeError', 'RangeError'], `${r.label}: ${r.message}`).toContain(r.name);
    else expect(r.name, `${r.label}: ${r.message}`).toBe(r.expected);
  }
  await expectUnchanged(page, name);
});

test('serveCache (the built tiercache/sw) refuses malformed route patterns and unknown strategies', async () => {
  // The shipped build, loaded the way an app's worker bundle would import it.
  const require = createRequire(import.meta.url);
  const entry = require.resolve('../dist/lib/sw/index.js');
  const { serveCache } = (await import(pathToFileURL(entry).href)) as typeof import('../src/sw/index.ts');
  const cases: [string, unknown, RegExp][] = [
    ['routes not an array', { routes: { match: '/api/' } }, /routes must be an array/],
    ['relative path prefix', { routes: [{ match: 'api/', strategy: 'cache-first' }] }, /routes\[0\]\.match/],
    ['match a number', { routes: [{ match: 42, strategy: 'cache-first' }] }, /routes\[0\]\.match/],
    ['match missing', { routes: [{ strategy: 'cache-first' }] }, /routes\[0\]\.match/],
    ['unknown strategy', { routes: [{ match: '/api/', strategy: 'fastest' }] }, /routes\[0\]\.strategy/],
    ['negative timeout', { routes: [{ match: '/api/', strategy: 'network-first', timeoutMs: -1 }] }, /routes\[0\]\.timeoutMs/],
    ['bad second route', { routes: [{ match: '/a/', strategy: 'cache-first' }, { match: /x/, strategy: 'network-first', ttlMs: NaN }] }, /routes\[1\]\.ttlMs/],
    ['bad name', { name: 'a/b', routes: [] }, /name/],
  ];
  for (const [label, options, pattern] of cases) {
    let thrown: unknown;
    try {
      serveCache(options as Parameters<typeof serveCache>[0]);
    } catch (err) {
      thrown = err;
    }
    expect(thrown instanceof TypeError || thrown instanceof RangeError, `${label}: ${String(thrown)}`).toBe(true);
    expect((thrown as Error).message, label).toMatch(pattern);
  }
  // A valid configuration gets past validation and stops only at the environment check.
  expect(() => serveCache({ routes: [{ match: '/api/', strategy: 'cache-first' }] })).toThrow(/service worker/);
});

test('malformed protocol messages posted to the worker get protocol errors, foreign ones no reply, and nothing changes on disk', async ({ context }) => {
  const name = uniqueName('proto');
  const page = await openPage(context, { sw: true });
  await page.evaluate(async (name) => {
    const cache = window.tc.make('c', { name, memory: { maxEntries: 50 }, disk: { maxBytes: 1 << 20 } });
    await cache.set('keep', { kept: true });
  }, name);
  const before = await scan(page, name);
  expect(before.records.map((r) => r.key)).toEqual(['keep']);

  const replies = await page.evaluate(async (name) => {
    const worker = navigator.serviceWorker.controller!;
    const ask = (message: unknown, ms = 5000) =>
      new Promise<unknown>((resolve) => {
        const { port1, port2 } = new MessageChannel();
        port1.onmessage = (e) => resolve(e.data);
        setTimeout(() => resolve('no reply'), ms);
        worker.postMessage(message, [port2]);
      });
    const bytes = new Uint8Array([1, 2, 3]);
    const entry = (over: Record<string, unknown>) => ({ key: 'keep', value: { kind: 'json', bytes }, ...over });
    const base = { tiercache: 1, name };
    // Not tiercache's (no tiercache field): the app's own messaging, left alone.
    const foreign: { label: string; reply: unknown }[] = [];
    for (const [label, message] of [['null', null], ['number', 42], ['array', [1, 2, 3]]] as const) foreign.push({ label, reply: await ask(message, 1000) });
    const messages: [string, unknown][] = [
      ['wrong protocol version', { ...base, tiercache: 2, id: 1, op: 'clear', args: [] }],
      ['no id', { ...base, op: 'clear', args: [] }],
      ['negative id', { ...base, id: -5, op: 'clear', args: [] }],
      ['unknown op', { ...base, id: 2, op: 'deleteDatabase', args: [] }],
      ['name with a path', { ...base, name: '../x', id: 3, op: 'clear', args: [] }],
      ['args not an array', { ...base, id: 4, op: 'delete', args: 'keep' }],
      ['clear with arguments', { ...base, id: 5, op: 'clear', args: ['everything'] }],
      ['delete with a number key', { ...base, id: 6, op: 'delete', args: [1] }],
      ['set bytes not bytes', { ...base, id: 7, op: 'set', args: [entry({ value: { kind: 'json', bytes: [1, 2] } })] }],
      ['set unknown kind', { ...base, id: 8, op: 'set', args: [entry({ value: { kind: 'exe', bytes } })] }],
      ['set negative ttl', { ...base, id: 9, op: 'set', args: [entry({ ttlMs: -1 })] }],
      ['setMany with one bad entry', { ...base, id: 10, op: 'setMany', args: [[entry({ key: 'ok' }), entry({ key: 7 })]] }],
      ['set bad response meta', { ...base, id: 11, op: 'set', args: [entry({ value: { kind: 'response', bytes, meta: { url: 1 } } })] }],
      ['list limit zero', { ...base, id: 12, op: 'list', args: [0] }],
      ['negative disk budget', { ...base, id: 13, op: 'clear', args: [], disk: { maxBytes: -1 } }],
      ['__proto__ pollution', JSON.parse(`{"tiercache":1,"id":14,"op":"clear","name":"${name}","args":[],"__proto__":{"ok":true}, "disk": {"__proto__": {"maxBytes": -1}, "lowWater": 7}}`)],
    ];
    const out: { label: string; reply: unknown }[] = [];
    for (const [label, message] of messages) out.push({ label, reply: await ask(message) });
    return { out, foreign };
  }, name);
  for (const { label, reply } of replies.out) {
    expect(reply, label).toMatchObject({ ok: false, error: { code: 'protocol' } });
  }
  for (const { label, reply } of replies.foreign) expect(reply, label).toBe('no reply');

  const after = await scan(page, name);
  expect(after.records).toEqual(before.records);
  expect(after.totals).toEqual(before.totals);
  const still = await page.evaluate(async () => {
    const reader = window.tc.make('r', { name: window.tc.caches.c!.name, memory: { maxEntries: 5 }, disk: { maxBytes: 1 << 20 } });
    return reader.get('keep');
  });
  expect(still).toEqual({ kept: true });
  await expectNoRejections(page);
});
