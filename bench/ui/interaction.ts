/**
 * Frame times while an analyst works a drawn account graph: the pointer sweeps across it (hover), the wheel zooms in
 * and out, and a drag pans. A requestAnimationFrame loop in the page records each frame; the intervals between
 * frames say how responsive the graph stayed (16.7 ms is a smooth 60 Hz; a long one is a visible stall).
 */
import type { Page } from 'playwright-core';

export interface FrameTimes {
  frames: number;
  median: number;
  p95: number;
  longest: number;
}

// Run in the page as source text: this file is type-checked for Node, without the DOM's types.
const START = `(() => { const f = (globalThis.__hwFrames = []); const loop = (t) => { f.push(t); if (!globalThis.__hwStop) requestAnimationFrame(loop); }; globalThis.__hwStop = false; requestAnimationFrame(loop); })()`;
const STOP = `(() => { globalThis.__hwStop = true; return globalThis.__hwFrames; })()`;

export async function interactionFrames(page: Page, selector: string): Promise<FrameTimes> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`no ${selector} on the page`);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.evaluate(START);
  for (let i = 0; i <= 30; i++) await page.mouse.move(box.x + (box.width * i) / 30, cy + (box.height / 3) * Math.sin(i / 3));
  await page.mouse.move(cx, cy);
  for (const dy of [-300, -300, -300, 300, 300, 300]) {
    await page.mouse.wheel(0, dy);
    await page.waitForTimeout(100);
  }
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(cx + i * 10, cy + i * 5);
  await page.mouse.up();
  await page.waitForTimeout(300);
  const stamps = (await page.evaluate(STOP)) as number[];
  const gaps = stamps.slice(1).map((t, i) => t - stamps[i]!).sort((a, b) => a - b);
  const at = (q: number) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))] ?? NaN;
  return { frames: stamps.length, median: at(0.5), p95: at(0.95), longest: gaps.at(-1) ?? NaN };
}
