/**
 * The dashboard's keyboard navigation, empty states and account graph in chromium, against synthetic detection state
 * (no demo, so it is quick): 1/2/3 switch pages, / focuses the filter, j/k move in the campaigns list and Enter opens
 * the cluster; the cluster's graph is drawn and its force layout, a worker loaded under the page's CSP, settles.
 * With nothing detected, each page says what to do.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serveSynthetic } from '../../bench/ui/serve-synthetic.js';
import { BIG_CLUSTER } from '../../bench/ui/synthetic-detection.js';
import { browserSkip, launchChromium, logIn } from './chromium.js';

const TOKEN = 'keyboard-test-token';

async function dashboard(t: import('node:test').TestContext, clusters: number, graphNodes: number) {
  const server = await serveSynthetic({ token: TOKEN, clusters, graphNodes });
  const browser = await launchChromium();
  // The browser first: the server's close waits for its event streams to end.
  t.after(async () => {
    await browser.close();
    await server.app.close();
  });
  const violations: string[] = [];
  browser.context.on('console', (m) => m.type() === 'error' && /Content.Security.Policy|worker/i.test(m.text()) && violations.push(m.text()));
  const page = await logIn(browser.context, server.url, TOKEN);
  page.setDefaultTimeout(30_000);
  return { page, violations };
}

test('keys move between pages and through the campaigns list; the graph draws and its layout settles', { skip: browserSkip(), timeout: 240_000 }, async (t) => {
  const { page, violations } = await dashboard(t, 30, 300);
  await page.keyboard.press('2');
  await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
  await page.locator('table.clusters tbody tr').first().waitFor();
  // The first row is the highest score: the large synthetic cluster (0.99).
  assert.equal(await page.locator('tr.cursor td a').first().textContent(), BIG_CLUSTER);
  await page.keyboard.press('j');
  const second = await page.locator('tr.cursor td a').first().textContent();
  assert.notEqual(second, BIG_CLUSTER, 'j moved the cursor down');
  await page.keyboard.press('k');
  assert.equal(await page.locator('tr.cursor td a').first().textContent(), BIG_CLUSTER, 'k moved it back');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate('document.activeElement?.getAttribute("aria-label")'), 'filter');
  await page.keyboard.press('Escape');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: new RegExp(`Cluster ${BIG_CLUSTER}`) }).waitFor();
  const graph = page.locator('[data-testid=account-graph]');
  assert.equal(await graph.getAttribute('data-rendered'), '300');
  await page.locator('[data-testid=account-graph][data-layout=done]').waitFor({ timeout: 120_000 });
  await page.keyboard.press('3');
  await page.getByRole('heading', { name: 'Decisions and audit' }).waitFor();
  await page.keyboard.press('1');
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  assert.deepEqual(violations, []);
});

test('with nothing detected yet, every page says what to do', { skip: browserSkip(), timeout: 120_000 }, async (t) => {
  const { page, violations } = await dashboard(t, 0, 0);
  await page.getByText('No traffic yet').waitFor();
  await page.keyboard.press('2');
  await page.getByText('Detection has not flagged a cluster yet').waitFor();
  await page.keyboard.press('3');
  await page.getByText('No decisions yet').first().waitFor();
  assert.deepEqual(violations, []);
});
