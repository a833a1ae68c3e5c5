/**
 * Debian's chromium driven by playwright-core, for the dashboard's browser tests, screenshots and UI benchmark.
 * `.ci/run` installs it (apt-get install chromium); on a laptop without it the browser tests skip, in CI they fail.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.HYDRAWATCH_CHROMIUM || '/usr/bin/chromium';
const DIST = join(import.meta.dirname, '../../web/dist/index.html');

/** false when the browser tests can run (or in CI, where they must), else why they skip. */
export function browserSkip(env: NodeJS.ProcessEnv = process.env): string | false {
  if (env.CI === 'true') return false;
  if (!existsSync(CHROMIUM)) return `no chromium at ${CHROMIUM}: install it (apt-get install chromium) to run the dashboard's browser tests`;
  if (!existsSync(DIST)) return 'the dashboard is not built: run npm run build:web';
  return false;
}

/** A headless chromium with a fresh profile (removed by `close`). */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'hw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // The demo's gateway and detection share two cores with the browser in CI: allow slow renders before failing.
  context.setDefaultTimeout(90_000);
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens the dashboard at `url` and logs in with `token` through its form; resolves on the overview. */
export async function logIn(context: BrowserContext, url: string, token: string) {
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  return page;
}
