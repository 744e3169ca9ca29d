// The worker side of the page protocol: one DiskTier per cache name, opened on first use with
// the options the page sent. The map is only a handle cache: records live in IndexedDB, so a
// worker restarted by the browser reopens them and loses nothing.
import type { DiskTierLike, DiskTierOptions } from '../diskContract.ts';
import { CacheError } from '../errors.ts';
import { PROTOCOL_VERSION, entryOptions, parseRequest, type RpcReply, type RpcRequest, type SetEntry } from '../wire/protocol.ts';

export type OpenDisk = (options: DiskTierOptions) => DiskTierLike;

export class RpcServer {
  readonly #open: OpenDisk;
  readonly #disks = new Map<string, DiskTierLike>();

  readonly #onOpen: ((disk: DiskTierLike) => void) | undefined;
  readonly #onStored: ((name: string, keys: string[] | undefined, from: string | undefined) => void) | undefined;

  /**
   * `onOpen` sees every disk tier opened (the worker forwards their evictions to pages);
   * `onStored` hears of every set, delete (keys) and clear (undefined) once it is on disk, so the
   * worker can announce it even when the page that asked is gone before the reply reaches it.
   */
  constructor(
    open: OpenDisk,
    preopened: DiskTierLike[] = [],
    onOpen?: (disk: DiskTierLike) => void,
    onStored?: (name: string, keys: string[] | undefined, from: string | undefined) => void,
  ) {
    this.#open = open;
    this.#onOpen = onOpen;
    this.#onStored = onStored;
    for (const disk of preopened) this.#disks.set(disk.name, disk);
  }

  /** The disk tier of a cache name (opened on first use). */
  disk(name: string, options: Omit<DiskTierOptions, 'name'> = {}): DiskTierLike {
    let disk = this.#disks.get(name);
    if (!disk) {
      disk = this.#open({ ...options, name });
      this.#disks.set(name, disk);
      this.#onOpen?.(disk);
    }
    return disk;
  }

  /** Answers one message; never throws. Malformed messages get a 'protocol' error reply. */
  async handle(data: unknown): Promise<RpcReply> {
    const parsed = parseRequest(data);
    if (!parsed.ok) {
      return { tiercache: PROTOCOL_VERSION, id: parsed.id, ok: false, error: { code: 'protocol', message: parsed.message } };
    }
    const request = parsed.request;
    try {
      const result = await this.#run(request);
      // Replies are copied, not transferred: a hit's bytes may still belong to the DiskTier (its
      // write overlay), and detaching them would corrupt a later read.
      return { tiercache: PROTOCOL_VERSION, id: request.id, ok: true, result };
    } catch (err) {
      const code = err instanceof CacheError ? err.code : 'write';
      const message = err instanceof Error ? err.message : String(err);
      return { tiercache: PROTOCOL_VERSION, id: request.id, ok: false, error: { code, message } };
    }
  }

  async #run(request: RpcRequest): Promise<unknown> {
    const disk = this.disk(request.name, request.disk ?? {});
    const args = request.args as unknown[];
    switch (request.op) {
      case 'ping':
        return true;
      case 'get':
        return disk.get(args[0] as string, { allowStale: args[1] as boolean });
      case 'set': {
        const e = args[0] as SetEntry;
        const stored = await disk.set(e.key, e.value, entryOptions(e));
        if (stored) this.#stored(request, [e.key]);
        return stored;
      }
      case 'setMany': {
        const entries = args[0] as SetEntry[];
        // One transaction for the whole batch: the page coalesces the sets of one tick.
        // The sets are issued inside batch() and awaited after it: a batch commits when fn returns.
        let writes: Promise<boolean>[] = [];
        await disk.batch(() => {
          writes = entries.map((e) => disk.set(e.key, e.value, entryOptions(e)));
        });
        const stored = await Promise.all(writes);
        const keys = entries.filter((_, i) => stored[i]).map((e) => e.key);
        if (keys.length > 0) this.#stored(request, keys);
        return stored;
      }
      case 'has':
        return disk.has(args[0] as string);
      case 'delete': {
        const existed = await disk.delete(args[0] as string);
        this.#stored(request, [args[0] as string]);
        return existed;
      }
      case 'clear':
        await disk.clear({ shred: args[0] === true });
        this.#stored(request, undefined);
        return true;
      case 'list':
        return disk.list({ limit: args[0] as number });
      case 'trim':
        return disk.trim();
      case 'stats':
        return disk.stats();
    }
  }

  #stored(request: RpcRequest, keys: string[] | undefined): void {
    try {
      this.#onStored?.(request.name, keys, request.from);
    } catch {
      // An announcement that cannot go out changes nothing stored; the page announces too.
    }
  }
}
