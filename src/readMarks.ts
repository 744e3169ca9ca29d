// Reads in flight, by key, and the changes that overlap them. A read takes a mark before it
// starts and gives it back when done; a set, delete or clear of its key (made here, or announced
// by another tab) marks it changed meanwhile: what the read brings back may be older than that
// change. Used by DiskTier (queued writes vs disk reads) and TierCache (tabs vs disk reads).

/** One read in flight; `changed` once a change of its key was made or announced meanwhile. */
export interface ReadMark {
  changed: boolean;
}

export class ReadMarks {
  readonly #byKey = new Map<string, Set<ReadMark>>();

  /** A mark for a read of `key` that starts now; give it back with `release`. */
  take(key: string): ReadMark {
    const mark: ReadMark = { changed: false };
    let marks = this.#byKey.get(key);
    if (!marks) this.#byKey.set(key, (marks = new Set()));
    marks.add(mark);
    return mark;
  }

  release(key: string, mark: ReadMark): void {
    const marks = this.#byKey.get(key);
    if (marks?.delete(mark) && marks.size === 0) this.#byKey.delete(key);
  }

  /** Marks the reads in flight of `keys` changed; of every key when `keys` is undefined. */
  change(keys: Iterable<string> | undefined): void {
    if (keys === undefined) {
      for (const marks of this.#byKey.values()) for (const mark of marks) mark.changed = true;
      return;
    }
    for (const key of keys) for (const mark of this.#byKey.get(key) ?? []) mark.changed = true;
  }
}
