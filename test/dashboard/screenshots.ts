/**
 * `npm run screenshots`: the README's pictures of the dashboard (docs/img/dashboard-*.png), taken in headless
 * chromium from `hydrawatch demo` with its default policy once detection has flagged a campaign.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, logIn } from './chromium.js';
import { startDemo, waitForCampaign } from './demo-process.js';

const OUT = join(import.meta.dirname, '../../docs/img');
mkdirSync(OUT, { recursive: true });
const demo = await startDemo({ replaySeconds: 40 });
const browser = await launchChromium();
try {
  await waitForCampaign(demo);
  // Let the replay run on a little, so the overview has hours of traffic and the campaign its decisions; cluster ids
  // follow membership across refreshes, so the campaign is looked up again just before its picture.
  await new Promise((r) => setTimeout(r, 15_000));
  const campaign = await waitForCampaign(demo);
  const page = await logIn(browser.context, demo.dashboard, demo.token);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(OUT, 'dashboard-overview.png') });
  await page.goto(`${demo.dashboard}#/clusters/${encodeURIComponent(campaign.id)}`);
  await page.locator('[data-rendered]').waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(OUT, 'dashboard-campaign.png') });
  process.stdout.write(`screenshots of ${demo.dashboard} (campaign ${campaign.id}) in ${OUT}\n`);
} finally {
  await browser.close();
  await demo.stop();
}
