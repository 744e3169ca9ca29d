// Unknown option keys are a TypeError, not silently ignored: in plain JavaScript a misspelt
// option (`ttl` for `ttlMs`) would otherwise leave the default in force without a word.
// Shared by createCache, serveCache's routes and MemoryLru; imports nothing.

/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
function distance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The known key closest to `key`: a prefix match first (`ttl` → `ttlMs`), else the smallest edit distance. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const prefixed = known.filter((k) => k.toLowerCase().startsWith(lower) || lower.startsWith(k.toLowerCase()));
  if (lower.length >= 2 && prefixed.length > 0) return prefixed.sort((x, y) => x.length - y.length)[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(key, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 2)) ? best : undefined;
}

/**
 * Throws a TypeError naming the first own key of `options` that is not in `known`, and the
 * nearest valid one: `createCache: unknown option 'ttl' (did you mean 'ttlMs'?)`.
 */
export function checkKnownKeys(options: object, known: readonly string[], where: string): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = nearestKey(key, known);
    const hint = near === undefined ? `valid options: ${known.join(', ')}` : `did you mean '${near}'?`;
    throw new TypeError(`${where}: unknown option '${key}' (${hint})`);
  }
}
