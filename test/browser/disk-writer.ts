// Random writes used by disk-concurrent.test.ts, in the page and in disk-writer.worker.ts.
import { encodeValue, type DiskTier } from '../../src/disk/index.ts';

export async function writeRandomly(tier: DiskTier, seed: number, groups: number): Promise<void> {
  let x = seed;
  const random = () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x7fffffff;
  };
  for (let g = 0; g < groups; g++) {
    const ops: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      const key = `k${Math.floor(random() * 150)}`;
      const r = random();
      if (r < 0.7) {
        const size = 200 + Math.floor(random() * 6000);
        ops.push(tier.set(key, encodeValue({ seed, g, i, text: 'lorem ipsum '.repeat(size / 12) })));
      } else if (r < 0.9) ops.push(tier.delete(key));
      else ops.push(tier.get(key));
    }
    await Promise.all(ops);
    if (g % 10 === 9) await tier.trim();
  }
}
