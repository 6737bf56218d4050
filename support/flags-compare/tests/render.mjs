// Opens a stacked timeline (flags-compare --timeline) in headless Chromium, measures what
// was drawn and saves a screenshot. Prints one JSON object. Usage:
//   node render.mjs TIMELINE.svg SCREENSHOT.png   (playwright-core must be resolvable)
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const [svg, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  // Inline in a page, as the README shows it (a bare SVG document keeps a screenshot
  // waiting for fonts).
  await page.setContent(`<!DOCTYPE html><body style="margin:0">${readFileSync(svg, 'utf8')}</body>`);
  const drawn = await page.evaluate(() => {
    const box = (e) => e.getBoundingClientRect();
    const inside = (a, b) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5
      && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
    const root = box(document.querySelector('svg'));
    const bands = [...document.querySelectorAll('g.band')].map((g) => {
      const [name, detail] = [...g.querySelectorAll('text')].map((t) => t.textContent);
      const frame = box(g.querySelector('rect:not(.request)'));
      const requests = [...g.querySelectorAll('rect.request')];
      return {
        name,
        detail,
        requests: requests.length,
        inside: requests.every((r) => inside(box(r), frame)),
        visible: requests.filter((r) => box(r).width > 0 && box(r).height > 0).length,
      };
    });
    const texts = [...document.querySelectorAll('text')].map(box);
    let overlaps = 0;
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const [a, b] = [texts[i], texts[j]];
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps++;
      }
    }
    const offPage = texts.filter((t) => !(t.left >= root.left && t.right <= root.right)).length;
    return { width: root.width, height: root.height, bands, overlaps, offPage };
  });
  console.log(JSON.stringify(drawn));
  await page.screenshot({ path: screenshot, fullPage: true });
} finally {
  await browser.close();
}
