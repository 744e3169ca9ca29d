/** Where the table is written, relative to the repository root. */
export const DOC: string;
/** The tests of one spec file in order; throws when a test name is not a plain literal on its line. */
export function testsOf(file: string, text: string): { name: string; line: number }[];
/** docs/HTTP.md as e2e/http-*.spec.ts stand now under rootDir (default: this repository). */
export function renderHttpDocs(rootDir?: string): string;
