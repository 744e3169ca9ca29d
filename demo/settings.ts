// The demo's settings: the cache's bounds and TTL, the strategy and the page count, kept in
// localStorage so a second tab opens the same cache. Parsing is pure (tested in node): a bad
// stored or typed value falls back to the default and says which field was wrong.
import { STRATEGIES, type Strategy } from '../src/types.ts';

export interface DemoSettings {
  memoryMaxEntries: number;
  memoryMaxBytes: number;
  diskMaxBytes: number;
  /** Default freshness of cached values and responses. */
  ttlMs: number;
  strategy: Strategy;
  /** How many product pages "Fetch N pages" loads. */
  pages: number;
}

export const DEFAULT_SETTINGS: Readonly<DemoSettings> = {
  memoryMaxEntries: 300,
  memoryMaxBytes: 2 << 20,
  diskMaxBytes: 4 << 20,
  ttlMs: 120_000,
  strategy: 'network-first',
  pages: 20,
};

const LIMITS: Record<Exclude<keyof DemoSettings, 'strategy'>, [min: number, max: number]> = {
  memoryMaxEntries: [1, 100_000],
  memoryMaxBytes: [64 << 10, 512 << 20],
  diskMaxBytes: [256 << 10, 2048 * 2 ** 20],
  ttlMs: [1000, 7 * 86_400_000],
  pages: [1, 100],
};

export const STORAGE_KEY = 'tiercache-demo:settings';

/**
 * Reads settings from an untrusted object (localStorage JSON, form values). Every field is
 * checked against its range; `problems` names the fields that fell back to their defaults.
 */
export function parseSettings(input: unknown): { settings: DemoSettings; problems: string[] } {
  const settings: DemoSettings = { ...DEFAULT_SETTINGS };
  const problems: string[] = [];
  if (typeof input !== 'object' || input === null) return { settings, problems: input === undefined || input === null ? [] : ['settings'] };
  const raw = input as Record<string, unknown>;
  for (const [field, [min, max]] of Object.entries(LIMITS) as [keyof typeof LIMITS, [number, number]][]) {
    const value = raw[field];
    if (value === undefined) continue;
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max) settings[field] = n;
    else problems.push(`${field} must be an integer within [${min}, ${max}]`);
  }
  if (raw.strategy !== undefined) {
    if (STRATEGIES.includes(raw.strategy as Strategy)) settings.strategy = raw.strategy as Strategy;
    else problems.push(`strategy must be one of ${STRATEGIES.join(', ')}`);
  }
  return { settings, problems };
}

export function loadSettings(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): DemoSettings {
  try {
    const text = storage?.getItem(STORAGE_KEY);
    return parseSettings(text ? JSON.parse(text) : undefined).settings;
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

export function saveSettings(settings: DemoSettings, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // Private mode or a full quota: the settings live for this page only.
  }
}

/** How many values of `valueBytes` a burst writes to overflow both bounds by a quarter, at most `cap`. */
export function burstCount(settings: Pick<DemoSettings, 'memoryMaxBytes' | 'diskMaxBytes'>, diskBudget: number, valueBytes: number, cap = 256): number {
  const target = Math.max(settings.memoryMaxBytes, diskBudget > 0 ? diskBudget : settings.diskMaxBytes) * 1.25;
  return Math.min(cap, Math.max(1, Math.ceil(target / valueBytes)));
}
