// docs/HTTP.md is generated from the e2e/http-*.spec.ts test names (scripts/http-docs.mjs): it
// must match them exactly, each row must point at the line of its test, and a name the table
// cannot carry (template, skipped test) is refused.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DOC, renderHttpDocs, testsOf } from '../../scripts/http-docs.mjs';

const root = resolve(import.meta.dirname, '../..');

describe('docs/HTTP.md', () => {
  test('is what npm run docs:http writes from the current test names (run it after changing e2e/http-*.spec.ts)', () => {
    expect(readFileSync(resolve(root, DOC), 'utf8')).toBe(renderHttpDocs(root));
  });

  test('every row links to the line where its test starts', () => {
    const rows = [...readFileSync(resolve(root, DOC), 'utf8').matchAll(/\| ([^|\n]*) \| ((?:[^|\n]|\\\|)*) \| \[[^\]]+\]\(\.\.\/(e2e\/[^#)]+)#L(\d+)\) \|/g)];
    expect(rows.length).toBeGreaterThan(20);
    for (const [, directive, behaviour, file, line] of rows) {
      const text = readFileSync(resolve(root, file!), 'utf8').split('\n')[Number(line) - 1]!;
      const name = directive ? `${directive}: ${behaviour}` : behaviour!;
      expect(text.replace(/\\(.)/g, '$1'), `${file}:${line}`).toContain(`test(`);
      expect(text.replace(/\\(.)/g, '$1'), `${file}:${line}`).toContain(name.replace(/\\\|/g, '|'));
    }
  });
});

describe('testsOf', () => {
  test('reads plain test names with their lines, escapes undone', () => {
    const text = "import x;\ntest('a: one', async () => {});\n\ntest(\"b: it's\", () => {});\ntest('c: don\\'t', () => {});\ntest.beforeEach(() => {});\n";
    expect(testsOf('f', text)).toEqual([
      { name: 'a: one', line: 2 },
      { name: "b: it's", line: 4 },
      { name: "c: don't", line: 5 },
    ]);
  });

  test('refuses a templated name, a name not on the test line, and skipped or expected-to-fail tests', () => {
    expect(() => testsOf('f', 'test(`x ${m}`, () => {});')).toThrow(/f:1: the test name must be a literal/);
    expect(() => testsOf('f', "test('unterminated,\n  more', () => {});")).toThrow(/f:1/);
    expect(() => testsOf('f', "test.skip('x', () => {});")).toThrow(/test\.skip\(\) is not a row/);
    expect(() => testsOf('f', "test.fail('x', () => {});")).toThrow(/test\.fail\(\) is not a row/);
  });
});
