import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const b = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await b.newPage();
for (const url of process.argv.slice(2)) {
  await page.goto(url);
  await page.waitForTimeout(1500);
  await page.addScriptTag({ content: axe });
  const v = await page.evaluate(async () =>
    (await window.axe.run()).violations.map(
      (v) =>
        `${v.impact} ${v.id} ${v.help} ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`,
    ),
  );
  console.log(url, v);
}
await b.close();
