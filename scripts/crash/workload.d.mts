export const KEY_COUNT: number;
export const CRASH_BUDGET: number;
export const CRASH_QUOTA: number;
export const CRASH_MAX_ENTRY: number;
export function prng(seed: number): () => number;
export function keyName(i: number): string;
export function valueOf(id: number, size: number): string;
export function idOf(value: unknown): number;
export type Step =
  | { op: 'set'; key: string; id: number; size: number; wait: boolean }
  | { op: 'delete'; key: string; wait: boolean }
  | { op: 'clear'; wait: boolean }
  | { op: 'burst'; sets: { key: string; id: number; size: number }[]; wait: boolean }
  | { op: 'get'; key: string }
  | { op: 'pause'; ms: number };
export function nextStep(rng: () => number, nextId: () => number): Step;
