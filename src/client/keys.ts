// The keys the page API accepts: strings, and for writes not tiercache's own ('tiercache:…').
import { isInternalKey } from '../internalKeys.ts';

export function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new TypeError(`key must be a string, got ${key === null ? 'null' : typeof key}`);
}

/** Keys beginning 'tiercache:' are tiercache's own records: absent to reads, refused to writes. */
export function checkWritableKey(key: unknown): asserts key is string {
  checkKey(key);
  if (isInternalKey(key)) throw new TypeError(`key ${key} is reserved: keys beginning 'tiercache:' are tiercache's own records`);
}
