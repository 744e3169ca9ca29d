// Type tests for the public API (issue 16), compiled by `npm run typecheck` under strict:
// what must compile does; what must not carries @ts-expect-error, so the check fails when such a
// line starts compiling. Never run: every call sits in a function nobody calls.
import { asyncStorage, createCache, type Cacheable, type CacheableValue, type ChangeDetail, type EvictDetail, type TierCache } from '../../src/index.ts';
import { MemoryLru } from '../../src/lru/index.ts';
import { serveCache } from '../../src/sw/index.ts';

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function expectType<T>(_value: T): void {}
function assertTrue<_T extends true>(): void {}

interface User {
  id: number;
  name: string;
  tags?: string[];
  address: { city: string; zip?: string | undefined };
}
type Point = { x: number; y: number };
class Account {
  constructor(public id: number) {}
  balance(): number {
    return this.id;
  }
}

export async function events(cache: TierCache): Promise<void> {
  cache.addEventListener('evict', (e) => {
    expectType<EvictDetail>(e.detail);
    expectType<string>(e.detail.key);
    expectType<'memory' | 'disk'>(e.detail.tier);
    expectType<'lru' | 'ttl' | 'budget' | 'quota' | 'manual'>(e.detail.reason);
    // @ts-expect-error -- there is no such field
    void e.detail.size;
  });
  cache.addEventListener('error', (e) => expectType<string>(e.detail.error.code));
  cache.addEventListener('change', (e) => {
    assertTrue<Equal<typeof e.detail, ChangeDetail>>();
    expectType<'local' | 'remote'>(e.detail.origin);
  });
  cache.addEventListener('mode', (e) => expectType<'worker' | 'page' | 'memory' | 'closed'>(e.detail.mode));
  cache.addEventListener('evict', { handleEvent: (e) => expectType<number>(e.detail.bytes) });
  const onChange = (e: CustomEvent<ChangeDetail>) => void e.detail.key;
  cache.addEventListener('change', onChange);
  cache.removeEventListener('change', onChange);
  // @ts-expect-error -- a change listener is not an evict listener
  cache.addEventListener('evict', onChange);
  // An unknown event name is a plain Event: no detail without a cast.
  // @ts-expect-error -- Event has no detail
  cache.addEventListener('evcit', (e) => e.detail);
}

export async function reads(cache: TierCache): Promise<void> {
  const user = await cache.get<User>('user:1');
  assertTrue<Equal<typeof user, User | undefined>>();
  const anything = await cache.get('k');
  assertTrue<Equal<typeof anything, unknown>>();
  const peeked = cache.peek<Point>('p');
  assertTrue<Equal<typeof peeked, Point | undefined>>();
  // @ts-expect-error -- a key is a string
  await cache.get(1);
}

export async function writes(cache: TierCache, u: User, unknownValue: unknown, json: CacheableValue): Promise<void> {
  await cache.set('user:1', u); // an interface with optional and nested members
  await cache.set<User>('user:1', u, { ttlMs: 60_000 });
  await cache.set('p', { x: 1, y: 2 } satisfies Point);
  await cache.set('s', 'text');
  await cache.set('n', 42);
  await cache.set('b', false);
  await cache.set('null', null);
  await cache.set('list', [1, 'two', { three: [3] }]);
  await cache.set('bytes', new Uint8Array(8));
  await cache.set('buffer', new ArrayBuffer(8));
  await cache.set('floats', new Float64Array(2));
  await cache.set('view', new DataView(new ArrayBuffer(4)));
  await cache.set('unknown', unknownValue); // checked at run time
  await cache.set('json', json);
  // @ts-expect-error -- functions are not cacheable
  await cache.set('f', () => 1);
  // @ts-expect-error -- symbols are not cacheable
  await cache.set('sym', Symbol('s'));
  // @ts-expect-error -- bigint is not JSON
  await cache.set('big', 10n);
  // @ts-expect-error -- a Map is not cacheable
  await cache.set('map', new Map([[1, 2]]));
  // @ts-expect-error -- a Set is not cacheable
  await cache.set('set', new Set([1]));
  // @ts-expect-error -- a Date is not cacheable (store its ISO string)
  await cache.set('date', new Date());
  // @ts-expect-error -- nested: a Date inside an object
  await cache.set('nested', { when: new Date() });
  // @ts-expect-error -- nested: a function inside an array
  await cache.set('arr', [1, () => 2]);
  // @ts-expect-error -- a class instance with methods
  await cache.set('account', new Account(1));
  // @ts-expect-error -- undefined: delete the key instead
  await cache.set('u', undefined);
  // @ts-expect-error -- ttlMs is a number
  await cache.set('k', 1, { ttlMs: '1s' });
  // @ts-expect-error -- a misspelt set option
  await cache.set('k', 1, { ttl: 1000 });
}

export function cacheableType(): void {
  assertTrue<Equal<Cacheable<() => void>, never>>();
  assertTrue<Equal<Cacheable<Map<string, number>>, never>>();
  assertTrue<Equal<Cacheable<string>, string>>();
  assertTrue<User extends Cacheable<User> ? true : false>(); // an interface passes member by member
  assertTrue<Equal<Cacheable<{ at: Date }>['at'], never>>();
}

export function options(): void {
  createCache({ memory: { maxEntries: 10 } });
  createCache({ memory: { maxBytes: 1 << 20 } });
  createCache({ name: 'api', memory: { maxEntries: 1000, maxBytes: 16 << 20, weak: true }, disk: { maxBytes: 256 << 20 }, ttlMs: 300_000 });
  createCache({ memory: { maxEntries: 10 }, disk: false, strategy: 'cache-first' });
  // @ts-expect-error -- memory needs at least one bound
  createCache({ memory: {} });
  // @ts-expect-error -- memory needs at least one bound (maxEntryBytes is not one)
  createCache({ memory: { maxEntryBytes: 1024 } });
  // @ts-expect-error -- memory is required
  createCache({ name: 'x' });
  // @ts-expect-error -- misspelt option (a TypeError at run time in plain JS)
  createCache({ memory: { maxEntries: 10 }, ttl: 1000 });
  // @ts-expect-error -- unknown strategy
  createCache({ memory: { maxEntries: 10 }, strategy: 'cache-last' });

  new MemoryLru<string>({ maxEntries: 10, ttlMs: 1000 });
  new MemoryLru({ maxBytes: 1 << 20, sizeOf: (v: string) => v.length });
  // @ts-expect-error -- MemoryLru needs a bound too
  new MemoryLru({ ttlMs: 1000 });
  // @ts-expect-error -- misspelt option
  new MemoryLru({ maxEntries: 10, ttl: 1000 });
}

export function worker(): void {
  serveCache({ name: 'api', routes: [{ match: '/api/', strategy: 'network-first', timeoutMs: 3000, ttlMs: 60_000 }] });
  serveCache({ routes: [{ match: /\/api\//, strategy: 'cache-first' }, { match: (url) => url.pathname === '/x', strategy: 'network-only' }] });
  // @ts-expect-error -- misspelt route option
  serveCache({ routes: [{ match: '/api/', strategy: 'cache-first', ttl: 5 }] });
  // @ts-expect-error -- unknown strategy
  serveCache({ routes: [{ match: '/api/', strategy: 'cache-last' }] });
}

export async function loaders(cache: TierCache, signal: AbortSignal): Promise<void> {
  const user = await cache.getOrSet('user:1', async (s) => {
    expectType<AbortSignal>(s);
    return { id: 1, name: 'Ada' };
  }, { ttlMs: 60_000, signal });
  assertTrue<Equal<typeof user, { id: number; name: string }>>();
  // @ts-expect-error -- the loader's result must be cacheable
  await cache.getOrSet('f', async () => () => 1);
  for await (const key of cache.keys()) expectType<string>(key);
  for await (const [key, value] of cache.entries<User>()) {
    expectType<string>(key);
    expectType<User>(value);
  }
  const storage = asyncStorage(cache);
  const item = await storage.getItem('k');
  assertTrue<Equal<typeof item, string | null>>();
  await storage.setItem('k', 'v');
  await storage.removeItem('k');
  // @ts-expect-error -- storage values are strings, as in AsyncStorage
  await storage.setItem('k', 1);
}
