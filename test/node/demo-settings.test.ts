// The demo's settings (demo/settings.ts): parsing untrusted input, storage round trip, burst size.
import { describe, expect, test } from 'vitest';
import { burstCount, DEFAULT_SETTINGS, loadSettings, parseSettings, saveSettings, STORAGE_KEY } from '../../demo/settings.ts';

describe('parseSettings', () => {
  test('nothing stored gives the defaults without problems', () => {
    expect(parseSettings(undefined)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
    expect(parseSettings(null)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
  });

  test('valid fields are taken, numeric strings included (form values)', () => {
    const { settings, problems } = parseSettings({ memoryMaxEntries: '50', diskMaxBytes: 1 << 20, ttlMs: 5000, strategy: 'cache-first', pages: 7 });
    expect(problems).toEqual([]);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, memoryMaxEntries: 50, diskMaxBytes: 1 << 20, ttlMs: 5000, strategy: 'cache-first', pages: 7 });
  });

  test('each bad field falls back to its default and is named', () => {
    const { settings, problems } = parseSettings({ memoryMaxEntries: 0, memoryMaxBytes: 1.5, ttlMs: 'soon', pages: 101, strategy: 'fastest' });
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['memoryMaxEntries', 'memoryMaxBytes', 'ttlMs', 'pages', 'strategy']);
  });

  test('a non-object is one problem', () => {
    expect(parseSettings(42).problems).toEqual(['settings']);
  });
});

describe('storage', () => {
  test('settings round-trip through storage; garbage stored reads as the defaults', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    const next = { ...DEFAULT_SETTINGS, pages: 3 };
    saveSettings(next, storage);
    expect(loadSettings(storage)).toEqual(next);
    map.set(STORAGE_KEY, '{not json');
    expect(loadSettings(storage)).toEqual(DEFAULT_SETTINGS);
  });

  test('a storage that throws (private mode) is survived', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(loadSettings(broken)).toEqual(DEFAULT_SETTINGS);
    expect(() => saveSettings(DEFAULT_SETTINGS, broken)).not.toThrow();
  });
});

describe('burstCount', () => {
  test('writes a quarter more than the larger of the memory bound and the disk budget', () => {
    expect(burstCount({ memoryMaxBytes: 2 << 20, diskMaxBytes: 4 << 20 }, 4 << 20, 128 << 10)).toBe(40);
    expect(burstCount({ memoryMaxBytes: 8 << 20, diskMaxBytes: 4 << 20 }, 4 << 20, 128 << 10)).toBe(80);
  });
  test('uses the settings budget when the tier reports none, and is capped', () => {
    expect(burstCount({ memoryMaxBytes: 1 << 20, diskMaxBytes: 4 << 20 }, 0, 128 << 10)).toBe(40);
    expect(burstCount({ memoryMaxBytes: 1 << 20, diskMaxBytes: 4 << 20 }, 256 << 20, 128 << 10)).toBe(256);
  });
});
