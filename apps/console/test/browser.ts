import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { waitFor } from '@redress/testing';
import { ensureChromium } from './chromium';

/** Headless Debian Chromium with a fresh profile, as the issue asks. */
export async function launchBrowser(): Promise<{
  context: BrowserContext;
  close(): Promise<void>;
}> {
  const executablePath = ensureChromium();
  const profile = mkdtempSync(join(tmpdir(), 'redress-console-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    timezoneId: 'Asia/Shanghai',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } })
      .axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${JSON.stringify(v.nodes.slice(0, 3))}`);
}

/** Switches the console's language with the header's control. */
export async function useLanguage(page: Page, language: 'en' | 'zh-CN'): Promise<void> {
  await page.getByText(language === 'en' ? 'English' : '中文', { exact: true }).click();
  await waitFor(async () => (await page.getAttribute('html', 'lang')) === language, {
    description: `the page in ${language}`,
    timeoutMs: 5_000,
  });
}

/** The page's level-2 heading in both languages, with axe-core's verdict in each; ends in
 * English. */
export async function checkBothLanguages(
  page: Page,
  headings: { en: string | RegExp; zh: string | RegExp },
): Promise<void> {
  for (const language of ['zh-CN', 'en'] as const) {
    await useLanguage(page, language);
    const heading = language === 'en' ? headings.en : headings.zh;
    await page.getByRole('heading', { level: 2, name: heading }).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  }
}

/** Clicks the page's Refresh button until `ready` holds: the services' projections follow their
 * events a little later than the command that caused them. */
export async function refreshUntil(
  page: Page,
  ready: () => Promise<boolean>,
  {
    description,
    timeoutMs,
    intervalMs,
  }: { description: string; timeoutMs: number; intervalMs: number },
): Promise<void> {
  await waitFor(
    async () => {
      if (await ready()) return true;
      await page.getByRole('button', { name: 'Refresh' }).click();
      return false;
    },
    { description, timeoutMs, intervalMs },
  );
}
