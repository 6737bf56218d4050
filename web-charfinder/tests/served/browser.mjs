// Drives the search page in headless Chromium: types a query as a user does, waits for
// the results, prints them (one line each) and saves a screenshot. Usage:
//   node browser.mjs URL SCREENSHOT.png   (playwright-core must be resolvable)
import { chromium } from 'playwright-core';

const [url, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.locator('#query').pressSequentially('cat smiling', { delay: 20 });
  await page.waitForFunction(() => document.getElementById('status').textContent === '3 found');
  const rows = await page.locator('#results tr').allTextContents();
  console.log(await page.locator('#status').textContent());
  for (const row of rows) console.log(row);
  console.log(`url after typing: ${page.url()}`);
  await page.screenshot({ path: screenshot, fullPage: true });
} finally {
  await browser.close();
}
