// budgetAfterQuota / climbBudget: after a QuotaExceededError the budget steps a little below the
// stored bytes, never below a share of the highest level an error came at, and climbs back fully.
import { describe, expect, test } from 'vitest';
import { budgetAfterQuota, climbBudget, QUOTA_FLOOR, QUOTA_STEP, QuotaState } from '../../src/disk/quota.ts';

const MiB = 1024 * 1024;
const base = { batchBytes: 0, peakBytes: 0, failedInARow: 0, settled: 0, maxBytes: 256 * MiB, minBytes: 256 * 1024 };

describe('budgetAfterQuota', () => {
  test('the first error evicts only a step: the larger of the failed batch and a share of the stored bytes', () => {
    expect(budgetAfterQuota({ ...base, storedBytes: 10 * MiB, batchBytes: 100_000 }).budget).toBe(Math.floor(10 * MiB * (1 - QUOTA_STEP)));
    expect(budgetAfterQuota({ ...base, storedBytes: 10 * MiB, batchBytes: 2 * MiB }).budget).toBe(8 * MiB);
  });

  test('remembers the highest stored level an error came at', () => {
    expect(budgetAfterQuota({ ...base, storedBytes: 10 * MiB, peakBytes: 0 }).peakBytes).toBe(10 * MiB);
    expect(budgetAfterQuota({ ...base, storedBytes: 6 * MiB, peakBytes: 10 * MiB }).peakBytes).toBe(10 * MiB);
    expect(budgetAfterQuota({ ...base, storedBytes: 12 * MiB, peakBytes: 10 * MiB }).peakBytes).toBe(12 * MiB);
  });

  test('repeated errors at falling stored levels do not compound below the floor share of the peak', () => {
    let peakBytes = 0;
    let stored = 12 * MiB;
    const budgets: number[] = [];
    for (let i = 0; i < 20; i++) {
      const next = budgetAfterQuota({ ...base, storedBytes: stored, batchBytes: 300_000, peakBytes });
      peakBytes = next.peakBytes;
      budgets.push(next.budget);
      stored = next.budget; // evicted to it, and the next error comes right there
    }
    expect(Math.min(...budgets)).toBe(Math.floor(12 * MiB * QUOTA_FLOOR));
    expect(budgets.at(-1)).toBe(Math.floor(12 * MiB * QUOTA_FLOOR));
  });

  test('below the floor (usage outgrew the stored bytes) the budget asks for no eviction at all', () => {
    const next = budgetAfterQuota({ ...base, storedBytes: 5 * MiB, batchBytes: 300_000, peakBytes: 10 * MiB });
    expect(next.budget).toBe(Math.floor(10 * MiB * QUOTA_FLOOR));
    expect(next.budget).toBeGreaterThan(5 * MiB);
  });

  test('failed retries in a row lower the floor a step each, and lengthen the step', () => {
    const at = (failedInARow: number) => budgetAfterQuota({ ...base, storedBytes: 5 * MiB, peakBytes: 10 * MiB, failedInARow }).budget;
    expect(at(0)).toBe(Math.floor(10 * MiB * QUOTA_FLOOR));
    expect(at(1)).toBe(Math.floor(10 * MiB * QUOTA_FLOOR ** 2));
    expect(at(3)).toBe(Math.floor(5 * MiB * (1 - 4 * QUOTA_STEP))); // the floor fell below a step under the stored bytes, a step that grows with each failure
  });

  test('an error at or under the budget the previous one set (its retry got through) evicts only room for its batch', () => {
    const settled = Math.floor(10 * MiB * (1 - QUOTA_STEP));
    expect(budgetAfterQuota({ ...base, storedBytes: settled, batchBytes: 100_000, peakBytes: 10 * MiB, settled }).budget).toBe(settled - 100_000);
    expect(budgetAfterQuota({ ...base, storedBytes: settled + 1, batchBytes: 100_000, peakBytes: 10 * MiB, settled }).budget).toBe(Math.floor((settled + 1) * (1 - QUOTA_STEP)));
  });

  test('stays within [minBytes, maxBytes]', () => {
    expect(budgetAfterQuota({ ...base, storedBytes: 100_000, batchBytes: 90_000 }).budget).toBe(256 * 1024);
    expect(budgetAfterQuota({ ...base, storedBytes: 100_000, batchBytes: 90_000, maxBytes: 50_000, minBytes: 50_000 }).budget).toBe(50_000);
    expect(budgetAfterQuota({ ...base, storedBytes: 40 * MiB, peakBytes: 40 * MiB, maxBytes: 16 * MiB }).budget).toBe(16 * MiB);
  });
});

describe('climbBudget', () => {
  test('a successful write raises the budget by all its stored bytes up to the peak', () => {
    expect(climbBudget(8 * MiB, 300_000, 10 * MiB, 16 * MiB)).toBe(8 * MiB + 300_000);
  });

  test('beyond the peak it climbs by a quarter of the stored bytes', () => {
    expect(climbBudget(10 * MiB - 100_000, 300_000, 10 * MiB, 16 * MiB)).toBe(10 * MiB + 50_000);
    expect(climbBudget(12 * MiB, 400_000, 10 * MiB, 16 * MiB)).toBe(12 * MiB + 100_000);
  });

  test('never above maxBytes', () => {
    expect(climbBudget(16 * MiB - 10, 300_000, 20 * MiB, 16 * MiB)).toBe(16 * MiB);
  });
});

describe('QuotaState.recover', () => {
  /** Errors in a row, every retry failing, each eviction freeing usage: what the budget comes to. */
  async function failedInARow(usageOverStored: number, errors: number): Promise<number> {
    const state = new QuotaState(256 * MiB);
    let stored = 10 * MiB;
    let usage = stored * usageOverStored;
    for (let i = 0; i < errors; i++) {
      await state
        .recover(0, {
          storedBytes: async () => stored,
          usage: async () => usage,
          evict: async () => {
            usage -= stored - state.effective; // eviction did free usage
            stored = state.effective;
          },
          retry: async () => Promise.reject(new DOMException('quota', 'QuotaExceededError')),
        })
        .catch(() => undefined);
    }
    return state.effective;
  }

  test('with live data filling the quota, failed retries in a row go below the floor, a step each', async () => {
    expect(await failedInARow(1.2, 6)).toBeLessThan(Math.floor(10 * MiB * QUOTA_FLOOR));
  });

  test('with a backlog of unreclaimed space filling it (usage 2x the stored bytes), the budget holds at the floor', async () => {
    expect(await failedInARow(2.5, 12)).toBe(Math.floor(10 * MiB * QUOTA_FLOOR));
  });

  test('errors whose retries get through, each at the budget the one before set, lower it by their batches only', async () => {
    const state = new QuotaState(256 * MiB);
    let stored = 10 * MiB;
    const io = {
      storedBytes: async () => stored,
      usage: async () => stored * 1.1,
      evict: async () => void (stored = Math.min(stored, state.effective)),
      retry: async () => ({ results: [true], totals: { entries: 1, rawBytes: stored, storedBytes: stored } }),
    };
    await state.recover(100_000, io);
    const first = state.effective;
    expect(first).toBe(Math.floor(10 * MiB * (1 - QUOTA_STEP)));
    await state.recover(100_000, io);
    await state.recover(100_000, io);
    expect(state.effective).toBe(first - 200_000);
  });
});
