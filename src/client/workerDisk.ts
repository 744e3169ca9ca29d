// The page's view of a disk tier run by the controlling service worker: each call is one
// message with its own MessageChannel port (a message event wakes a stopped worker; a
// long-lived port would not), and a call the worker does not answer within `timeoutMs` fails
// with CacheError('timeout') so the page can fall back. Bytes are copied, not transferred: after
// a timeout the same write is retried on the page's own disk tier and must still hold its bytes.
import type { DiskHit, DiskRecordInfo, DiskTierStats, EncodedValue } from '../diskContract.ts';
import { CacheError, type CacheErrorCode } from '../errors.ts';
import { PROTOCOL_VERSION, isReply, type DiskOp, type RequestArgs, type RpcRequest, type SetEntry, type WireDiskOptions } from '../wire/protocol.ts';
import type { TrimResult } from '../types.ts';

/** The disk operations a TierCache needs, whoever runs them. */
export interface DiskPort {
  readonly kind: 'worker' | 'page';
  get(key: string, allowStale: boolean): Promise<DiskHit | undefined>;
  /** One transaction for all; resolves per entry whether it was stored. */
  setMany(entries: SetEntry[]): Promise<boolean[]>;
  delete(key: string): Promise<boolean>;
  /** `shred`: see ClearOptions. */
  clear(shred?: boolean): Promise<void>;
  list(limit: number): Promise<DiskRecordInfo[]>;
  trim(): Promise<TrimResult>;
  stats(): Promise<DiskTierStats>;
}

let nextId = 1;

export class WorkerDisk implements DiskPort {
  readonly kind = 'worker' as const;
  readonly worker: ServiceWorker;
  readonly #name: string;
  readonly #disk: WireDiskOptions;
  readonly #timeoutMs: number;
  readonly #from: string | undefined;

  /** `from`: the page cache's coherence id, sent along so the worker's announcements name the writer. */
  constructor(worker: ServiceWorker, name: string, disk: WireDiskOptions, timeoutMs: number, from?: string) {
    this.worker = worker;
    this.#name = name;
    this.#disk = disk;
    this.#timeoutMs = timeoutMs;
    this.#from = from;
  }

  call<O extends DiskOp>(op: O, args: RequestArgs[O]): Promise<unknown> {
    const id = nextId++;
    const { port1, port2 } = new MessageChannel();
    const message: RpcRequest<O> = { tiercache: PROTOCOL_VERSION, id, op, name: this.#name, disk: this.#disk, args };
    if (this.#from !== undefined) message.from = this.#from;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        port1.close();
        reject(new CacheError('timeout', `the service worker did not answer ${op} within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      port1.onmessage = (event: MessageEvent) => {
        clearTimeout(timer);
        port1.close();
        const reply: unknown = event.data;
        if (!isReply(reply) || reply.id !== id) {
          reject(new CacheError('protocol', `malformed reply to ${op}`));
        } else if (reply.ok) {
          resolve(reply.result);
        } else {
          reject(new CacheError(reply.error.code as CacheErrorCode, reply.error.message));
        }
      };
      try {
        this.worker.postMessage(message, [port2]);
      } catch (err) {
        clearTimeout(timer);
        port1.close();
        reject(new CacheError('closed', 'posting to the service worker failed', { cause: err }));
      }
    });
  }

  async get(key: string, allowStale: boolean): Promise<DiskHit | undefined> {
    return (await this.call('get', [key, allowStale])) as DiskHit | undefined;
  }
  async setMany(entries: SetEntry[]): Promise<boolean[]> {
    return (await this.call('setMany', [entries])) as boolean[];
  }
  async delete(key: string): Promise<boolean> {
    return (await this.call('delete', [key])) as boolean;
  }
  async clear(shred?: boolean): Promise<void> {
    await this.call('clear', shred ? [true] : []);
  }
  async list(limit: number): Promise<DiskRecordInfo[]> {
    return (await this.call('list', [limit])) as DiskRecordInfo[];
  }
  async trim(): Promise<TrimResult> {
    return (await this.call('trim', [])) as TrimResult;
  }
  async stats(): Promise<DiskTierStats> {
    return (await this.call('stats', [])) as DiskTierStats;
  }
}

export type { EncodedValue };
