// Unknown option keys are a TypeError, not silently ignored: in plain JavaScript a misspelt
// option (`ttl` for `ttlMs`) would otherwise leave the default in force without a word.
// Shared by createCache, serveCache's routes and MemoryLru; imports nothing.

/** Edit distance (insertions, deletions, substitutions) of two lower-case strings. */
function distance(a: string, b: string): number {
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

/**
 * The known key closest to `key`, case-insensitive: a prefix match first (`ttl` → `ttlMs`; the
 * shortest), else the smallest edit distance, if it is at most max(2, half the key's length).
 */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestScore = Math.max(2, Math.floor(key.length / 2)) + 1;
  for (const k of known) {
    const l = k.toLowerCase();
    // A prefix match scores below any distance, shorter keys lower.
    const score = lower.length >= 2 && (l.startsWith(lower) || lower.startsWith(l)) ? k.length - 1e3 : distance(lower, l);
    if (score < bestScore) [best, bestScore] = [k, score];
  }
  return best;
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
