// The one reader of navigator.storage. In Chromium `usage` is exact but `quota` is usage + 10 GiB
// whatever the real quota is: the real one shows only as a QuotaExceededError.
import type { QuotaStats } from './types.ts';

function storageManager(): StorageManager | undefined {
  return (globalThis.navigator as { storage?: StorageManager } | undefined)?.storage;
}

/** Usage, quota and persistence; zeros and false where the platform cannot tell. Never rejects. */
export async function storageEstimate(): Promise<QuotaStats> {
  const storage = storageManager();
  try {
    const [estimate, persisted] = await Promise.all([storage?.estimate?.() ?? ({} as StorageEstimate), storage?.persisted?.() ?? false]);
    return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
  } catch {
    return { usage: 0, quota: 0, persisted: false };
  }
}

/** The origin's usage in bytes, or undefined when unknown. Never rejects. */
export async function originUsage(): Promise<number | undefined> {
  try {
    return (await storageManager()?.estimate?.())?.usage;
  } catch {
    return undefined;
  }
}

/** Asks for persistent storage; false when refused or not possible. Never rejects. */
export async function requestPersistence(): Promise<boolean> {
  try {
    return (await storageManager()?.persist?.()) ?? false;
  } catch {
    return false;
  }
}
