// The app shell's records (serveCache's precache) go last among live records: they count
// against the budget, but the app cannot start offline without them.
import { expect, test } from 'vitest';
import { chooseVictims, PRECACHE_PREFIX, type VictimCandidate } from '../../src/disk/victims.ts';
import { checkEntries } from '../../src/sw/precache.ts';

const c = (key: string, storedBytes: number, lastAccess: number, expiresAt = Infinity): VictimCandidate => ({ key, storedBytes, lastAccess, expiresAt });

test('live app-shell records are chosen after every other live record, however old', () => {
  const shell = `${PRECACHE_PREFIX}https://app.test/index.html`;
  const candidates = [c(shell, 100, 1), c('api-old', 100, 5), c('api-new', 100, 9)];
  expect(chooseVictims(candidates, { now: 10, bytesToFree: 150, limit: 10 }).map((v) => v.key)).toEqual(['api-old', 'api-new']);
  expect(chooseVictims(candidates, { now: 10, bytesToFree: 300, limit: 10 }).map((v) => v.key)).toEqual(['api-old', 'api-new', shell]);
});

test('an expired record still goes before the app shell', () => {
  const shell = `${PRECACHE_PREFIX}https://app.test/assets/a.js`;
  const victims = chooseVictims([c(shell, 100, 1), c('gone', 100, 9, 5)], { now: 10, bytesToFree: 100, limit: 10 });
  expect(victims).toEqual([{ key: 'gone', reason: 'ttl', bytes: 100 }]);
});

test('precache entries: URLs or { url, revision }; anything else is a TypeError naming the entry', () => {
  expect(checkEntries(['/a.js', { url: '/index.html', revision: 'r1' }])).toEqual([
    { url: '/a.js', revision: '/a.js' },
    { url: '/index.html', revision: 'r1' },
  ]);
  expect(() => checkEntries([{ url: '/x' }])).toThrow(/precache\[0\] must be a URL string or \{ url, revision \}/);
  expect(() => checkEntries('/a.js')).toThrow(TypeError);
});
