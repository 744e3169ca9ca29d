// Runs the quota test first in the browser project. Seen in Chromium 156: once this origin has
// written to IndexedDB in the browser session (any earlier test file that stores something), a
// CDP quota override set afterwards reads as active but is not enforced on IndexedDB writes; set
// before any write, it is. Every other file keeps Vitest's default order.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const FIRST = /[\\/]disk-quota\.test\.ts$/;

export class QuotaFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter((f) => FIRST.test(f.moduleId)), ...sorted.filter((f) => !FIRST.test(f.moduleId))];
  }
}
