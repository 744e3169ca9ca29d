// Encryption at rest (disk.encrypt): each record's stored body, after compression, sealed with
// AES-GCM under a fresh 12-byte IV (stored before the ciphertext), with the record's key, format
// version, kind, codec and raw size bound as additional data, so a body moved to another key or
// a meta edited fails to open. The key is the app's CryptoKey, or a non-extractable one made on
// the first write and kept in the database's `state` store (structured clone: the browser keeps
// its material, script cannot read it). Sizes, keys and response metadata are not encrypted.
import { adler32 } from '../codec/checksum.ts';
import type { EntryRecord } from '../disk/record.ts';
import { STATE } from '../disk/store/schema.ts';
import { txDone } from '../disk/store/transaction.ts';

const KEY = 'key';
const GCM = 'AES-GCM';

type Sealed = EntryRecord & { sealed?: 1 };

const params = (r: Sealed, iv: BufferSource) => ({ name: GCM, iv, additionalData: new TextEncoder().encode([r.key, r.v, r.kind, r.codec, r.rawBytes].join('\0')) });

/** One request on the `state` store in its own transaction: its result once the transaction completed. */
async function onState<T>(db: IDBDatabase, mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const tx = db.transaction(STATE, mode);
  const request = fn(tx.objectStore(STATE));
  await txDone(tx);
  return request.result;
}

export class RecordCipher {
  readonly #given: CryptoKey | undefined;
  readonly #db: () => Promise<IDBDatabase | undefined>;
  /** The stored key as last looked up (undefined: none yet). */
  #key: Promise<CryptoKey | undefined> | undefined;

  constructor(option: true | CryptoKey, db: () => Promise<IDBDatabase | undefined>) {
    this.#given = option === true ? undefined : option;
    this.#db = db;
  }

  /** The key; a stored one is made (once, across contexts) when `make` and there is none. */
  async #get(make: boolean): Promise<CryptoKey | undefined> {
    return this.#given ?? (await (this.#key ??= this.#load())) ?? (make ? (this.#key = this.#load(true)) : undefined);
  }

  async #load(make?: boolean): Promise<CryptoKey | undefined> {
    try {
      const db = (await this.#db())!;
      const found = await onState(db, 'readonly', (s) => s.get(KEY));
      if (found || !make) return found as CryptoKey | undefined;
      const key = await crypto.subtle.generateKey({ name: GCM, length: 256 }, false, ['encrypt', 'decrypt']);
      // add(), not put(): a key another context stored meanwhile wins (this one fails, and that one is read).
      return await onState(db, 'readwrite', (s) => s.add(key, KEY)).then(() => key, () => this.#load());
    } catch {
      this.#key = undefined;
    }
  }

  /** The record with its body sealed; undefined when there is no key to be had (then it must not be stored). */
  async seal(record: EntryRecord): Promise<Sealed | undefined> {
    try {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = new Uint8Array(await crypto.subtle.encrypt(params(record, iv), (await this.#get(true))!, record.body));
      const body = new Uint8Array(12 + sealed.byteLength);
      body.set(iv);
      body.set(sealed, 12);
      return { ...record, sealed: 1, body: body.buffer, storedBytes: body.byteLength, checksum: adler32(body) };
    } catch {
      return undefined;
    }
  }

  /**
   * Deletes the stored key (an app's own key is the app's to forget), and forgets it here: sealed
   * records are unreadable from then on. False when no key was deleted (an app's, or a failure):
   * then the records are removed before clear() resolves.
   */
  shred(): Promise<boolean> {
    if (this.#given) return Promise.resolve(false);
    const gone = this.#db().then((db) => onState(db!, 'readwrite', (s) => s.delete(KEY))).then(() => true, () => false);
    this.#key = gone.then(() => undefined);
    return gone;
  }

  /**
   * The record with its body opened (sizes and checksum as the codec wrote them); undefined when
   * it cannot be: no key, the wrong key, tampered, or not sealed. Without a cipher a sealed record
   * is refused and others pass as they are.
   */
  static async open(cipher: RecordCipher | undefined, record: Sealed): Promise<EntryRecord | undefined> {
    if (!cipher) return record.sealed ? undefined : record;
    try {
      const body = await crypto.subtle.decrypt(params(record, record.body.slice(0, 12)), (record.sealed && (await cipher.#get(false)))!, new Uint8Array(record.body, 12));
      return { ...record, body, storedBytes: body.byteLength, checksum: adler32(new Uint8Array(body)) };
    } catch {
      return undefined;
    }
  }
}
