// Shared-dictionary compression for one cache (one DiskTier): the way its bodies are encoded and
// decoded when `compress.dictionary` is on. It trains the cache's dictionary from its text bodies
// (dictionaries.ts), stores it once (store.ts), deflates each text body against it, and on the
// way back loads a record's dictionary by id, once, checking it against the checksum the record
// carries. A record whose dictionary is missing or fails that check is refused ('dictionary'),
// and the tier deletes it as it does any corrupt record: a miss, never garbage.
import { adler32, deflateWithDictionary, encodeBodyAsync, type CompressOptions, type EncodedBody } from '../codec/index.ts';
import type { EncodedValue } from '../diskContract.ts';
import { decodeRecord, type EntryRecord, type MetaRecord, type RecordCheck } from '../disk/record.ts';
import { Trainer } from './dictionaries.ts';
import { collectDictionaries, createdAt, latestDictionary, loadDictionary, newId, saveDictionary } from './store.ts';

/** How a record names the dictionary its body was deflated against: its id and the Adler-32 of its bytes. */
export type DictionaryRef = NonNullable<MetaRecord['dictionary']>;

export type DictionaryBody = EncodedBody & { dictionary?: DictionaryRef };

interface Loaded extends DictionaryRef {
  bytes: Uint8Array;
}

/** A dictionary younger than this is never collected: another tier of the cache may be about to write records against it. */
export const COLLECT_GRACE_MS = 10 * 60_000;
/** After a dictionary could not be stored, training waits this long. */
const RETRY_SAVE_MS = 60_000;

const TEXT_TYPE = /json|text|xml|javascript/i;

/** The values a dictionary is for: text (JSON, strings, text-like responses); binary kinds and images are not. */
function isText(value: EncodedValue): boolean {
  if (value.kind === 'json' || value.kind === 'string') return true;
  if (value.kind !== 'response') return false;
  return TEXT_TYPE.test(value.meta?.headers.find(([name]) => name === 'content-type')?.[1] ?? '');
}

export class Dictionaries {
  readonly #compress: CompressOptions | false;
  readonly #connection: () => Promise<IDBDatabase | undefined>;
  readonly #now: () => number;
  readonly #trainer = new Trainer();
  /** The dictionary new bodies are deflated against. */
  #current: Loaded | undefined;
  #adopted = false;
  /** Dictionaries by id, loaded once (undefined: missing or unreadable). */
  readonly #loaded = new Map<string, Promise<Loaded | undefined>>();
  /** No training before this time (a dictionary could not be stored). */
  #pausedUntil = 0;

  constructor(compress: CompressOptions | false, connection: () => Promise<IDBDatabase | undefined>, now: () => number) {
    this.#compress = compress;
    this.#connection = connection;
    this.#now = now;
  }

  /** The stored form of a value: against the cache's dictionary where that applies and pays, else as without one. Never rejects. */
  async encode(value: EncodedValue): Promise<DictionaryBody> {
    const c = this.#compress;
    if (!c || !c.dictionary || c.level === 0 || value.bytes.byteLength < c.minBytes || !isText(value)) return encodeBodyAsync(value.bytes, c);
    const current = await this.#dictionary().catch(() => undefined);
    const encoded = current && deflateWithDictionary(value.bytes, current.bytes, c.level);
    this.#trainer.sample(value.bytes); // after: a dictionary is trained from earlier bodies, never from the one it encodes
    if (!current || !encoded) return encodeBodyAsync(value.bytes, c);
    this.#trainer.measure(value.bytes.byteLength, encoded.body.byteLength);
    return { ...encoded, dictionary: { id: current.id, checksum: current.checksum } };
  }

  /** The dictionary to deflate against now: adopted from the store once, trained when due, stored before use. */
  async #dictionary(): Promise<Loaded | undefined> {
    const db = await this.#connection();
    if (!db) return undefined;
    if (!this.#adopted) {
      this.#adopted = true;
      const latest = await latestDictionary(db);
      if (latest) {
        this.#current = this.#remember(latest.id, new Uint8Array(latest.bytes));
        this.#collect(db); // a worker opens often (it is stopped when idle): the records evicted since may have been a dictionary's last
      }
    }
    if (this.#now() < this.#pausedUntil || !this.#trainer.due(this.#current !== undefined)) return this.#current;
    const bytes = this.#trainer.train();
    const id = newId(this.#now());
    try {
      await saveDictionary(db, id, bytes.slice().buffer);
    } catch {
      this.#pausedUntil = this.#now() + RETRY_SAVE_MS; // over quota, most likely: not again for every body
      return this.#current;
    }
    this.#current = this.#remember(id, bytes);
    this.#collect(db);
    return this.#current;
  }

  #remember(id: string, bytes: Uint8Array): Loaded {
    const loaded = { id, bytes, checksum: adler32(bytes) };
    this.#loaded.set(id, Promise.resolve(loaded));
    return loaded;
  }

  /** A stored record's raw bytes, or why it is refused (its dictionary missing or not the one it was deflated against included). Never rejects. */
  async decode(record: EntryRecord): Promise<RecordCheck> {
    if (record.codec !== 'deflate-dict') return decodeRecord(record, record.body);
    const ref = record.dictionary; // as stored: may be anything
    const dictionary = typeof ref?.id === 'string' ? await this.#load(ref.id) : undefined;
    return decodeRecord(record, record.body, undefined, dictionary?.checksum === ref?.checksum ? dictionary?.bytes : undefined);
  }

  #load(id: string): Promise<Loaded | undefined> {
    let loading = this.#loaded.get(id);
    if (!loading) {
      loading = this.#connection()
        .then((db) => (db ? loadDictionary(db, id) : Promise.reject(new Error('no connection'))))
        .then((found) => found && { id, bytes: new Uint8Array(found), checksum: adler32(new Uint8Array(found)) });
      // A failed read (or none possible) is not remembered: the next record of this dictionary tries again.
      loading.catch(() => this.#loaded.delete(id));
      this.#loaded.set(id, loading);
    }
    return loading.catch(() => undefined);
  }

  /** Deletes the stored dictionaries no record refers to (but the current one, and new ones), in the background. */
  #collect(db: IDBDatabase): void {
    const keep = (id: string) => id === this.#current?.id || this.#now() - createdAt(id) < COLLECT_GRACE_MS;
    collectDictionaries(db, keep).then(
      (ids) => ids.forEach((id) => this.#loaded.delete(id)),
      () => undefined, // nothing lost: the next collection finds them again
    );
  }
}
