// Where the tests and benchmarks find Chromium: CHROMIUM_PATH, else Debian's
// /usr/bin/chromium, else undefined (Playwright's managed browser, installed
// elsewhere with `npx playwright install chromium`).
import { existsSync } from 'node:fs';

export function chromiumExecutable() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}

export const chromiumArgs = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launch options for Playwright's `chromium.launch`. */
export function chromiumLaunchOptions() {
  const executablePath = chromiumExecutable();
  return executablePath ? { executablePath, args: chromiumArgs } : { args: chromiumArgs };
}
