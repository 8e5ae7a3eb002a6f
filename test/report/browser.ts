// Real headless Chromium (Debian's package) driven by playwright-core, for the HTML report tests. Every page
// records its network requests, console errors, page errors and dialogs so tests can assert there were none.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';

const CHROMIUM = process.env['PROVSCAN_CHROMIUM'] ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

interface Watched {
  readonly page: Page;
  readonly requests: string[];
  readonly errors: string[];
  readonly dialogs: string[];
}

/** Opens `file` from file:// and records what the page does. */
export async function open(browser: Browser, file: string, viewport = { width: 1280, height: 900 }): Promise<Watched> {
  const page = await browser.newPage({ viewport });
  const requests: string[] = [];
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests, errors, dialogs };
}

/** Requests that left the file: the report must make none. */
export function networkRequests(requests: ReadonlyArray<string>): string[] {
  return requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('about:'));
}
