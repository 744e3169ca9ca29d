/** Checks the house rules on rootDir/src; violations are "file:line message", empty when the tree passes. */
export function checkStructure(rootDir: string): { violations: string[]; summary: string };
