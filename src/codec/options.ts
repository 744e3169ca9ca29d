// The `compress` option: validated and filled in here, apart from the codec itself, so that code
// which only checks options (createCache in a page whose worker runs the disk tier) loads no fflate.
import { checkKnownKeys } from '../optionKeys.ts';

export interface CompressOptions {
  /** Values smaller than this are stored raw: deflate's fixed cost (~60 µs) buys little below 1 KiB. */
  minBytes: number;
  /** fflate level 0–9. */
  level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /**
   * A shared dictionary per cache, trained from its first text bodies (src/dictionary). On by
   * default, and used only where it pays: text values (JSON, strings, responses whose
   * Content-Type is JSON, text, XML or JavaScript) of at least `minBytes`, once 32 KiB of them
   * were seen. Measured (`npm run bench:disk`): 2 KB of JSON stored at 0.25 of its size instead
   * of 0.45; 40 KB at 0.24 instead of 0.27, at the cost of deflating with fflate instead of the
   * platform's faster zlib.
   */
  dictionary: boolean;
}

export const DEFAULT_COMPRESS: CompressOptions = { minBytes: 1024, level: 6, dictionary: true };
const KEYS = ['minBytes', 'level', 'dictionary'];

/** Validates the `compress` option (`false`, or `{ minBytes?, level?, dictionary? }`) and fills in the defaults. */
export function resolveCompress(option: unknown): CompressOptions | false {
  if (option === false) return false;
  if (option === undefined) return { ...DEFAULT_COMPRESS };
  if (typeof option !== 'object' || option === null) throw new TypeError('compress must be false or { minBytes?, level?, dictionary? }');
  checkKnownKeys(option, KEYS, 'compress');
  const { minBytes = DEFAULT_COMPRESS.minBytes, level = DEFAULT_COMPRESS.level, dictionary = DEFAULT_COMPRESS.dictionary } = option as Partial<CompressOptions>;
  if (typeof minBytes !== 'number') throw new TypeError(`compress.minBytes must be a number, got ${typeof minBytes}`);
  if (!Number.isFinite(minBytes) || minBytes < 0) throw new RangeError(`compress.minBytes must be a finite number >= 0, got ${minBytes}`);
  if (typeof level !== 'number') throw new TypeError(`compress.level must be a number, got ${typeof level}`);
  if (!Number.isInteger(level) || level < 0 || level > 9) throw new RangeError(`compress.level must be an integer 0–9, got ${level}`);
  if (typeof dictionary !== 'boolean') throw new TypeError(`compress.dictionary must be a boolean, got ${typeof dictionary}`);
  return { minBytes, level, dictionary };
}
