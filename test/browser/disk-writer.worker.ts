// A second writer for disk-concurrent.test.ts: runs DiskTier in a dedicated worker (no DOM).
import { DiskTier } from '../../src/disk/index.ts';
import { writeRandomly } from './disk-writer.ts';

interface Job {
  name: string;
  seed: number;
  groups: number;
  maxBytes: number;
}

self.onmessage = async (event: MessageEvent<Job>) => {
  const { name, seed, groups, maxBytes } = event.data;
  try {
    const tier = new DiskTier({ name, maxBytes });
    const errors: string[] = [];
    tier.addEventListener('error', (e) => errors.push((e as CustomEvent).detail.error.code));
    await writeRandomly(tier, seed, groups);
    tier.close();
    self.postMessage({ ok: true, errors });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error) });
  }
};
