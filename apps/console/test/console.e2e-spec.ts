import type { BrowserContext, Locator, Page } from 'playwright-core';
import {
  checkBothLanguages,
  launchBrowser,
  refreshUntil,
  seriousViolations,
  useLanguage,
} from './browser';
import { startPlatform, type Platform } from './platform';

/**
 * Issue 17, first increment: the console in Debian's Chromium against the real intake, triage
 * and resolution (real Kafka and Postgres). An agent signs in, registers a complaint, finds it
 * in the queue once triage routed it, opens the case; a customer reads its status; every page
 * in Chinese and English, with no serious or critical axe-core violation.
 */

let platform: Platform;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;
let page: Page;
const registered: { complaintId?: string; trackingNo?: string; accessCode?: string } = {};
// Unique per run: the duplicate check matches on the customer and the subject.
const orderId = `SO-${Date.now().toString(36)}`;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  context = browser.context;
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  // What the console asked of the services, for the failure messages of a slow machine.
  page.on('response', (response) => {
    if (response.url().includes('/api/'))
      process.stderr.write(
        `[console e2e] ${response.status()} ${response.request().method()} ${response.url()}\n`,
      );
  });
  page.on('requestfailed', (request) =>
    process.stderr.write(
      `[console e2e] failed ${request.method()} ${request.url()}: ${request.failure()?.errorText}\n`,
    ),
  );
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 120_000);

/** A field's accessible name: its label, and Mantine's asterisk when it is required. */
const named = (label: string) =>
  new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\*?$`);

/** Submits with `button` and waits for `outcome`; a failure alert fails the test with its text. */
async function submit(button: string, outcome: Locator) {
  await page.getByRole('button', { name: button, exact: true }).click();
  const alert = page.getByRole('alert');
  await outcome.or(alert).first().waitFor({ timeout: 60_000 });
  if ((await outcome.count()) === 0) throw new Error(`alert: ${await alert.first().textContent()}`);
}

async function fill(label: string, value: string) {
  await page.getByLabel(named(label)).fill(value);
}

async function choose(label: string, option: string) {
  await page.getByRole('combobox', { name: named(label) }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('signs in with the development sign-in: role and department chosen, shown in the header', async () => {
  await page.goto(platform.consoleUrl);
  await page.getByRole('heading', { name: /Sign in|登录/ }).waitFor();
  await useLanguage(page, 'en');
  expect(await seriousViolations(page)).toEqual([]);
  await useLanguage(page, 'zh-CN');
  await page.getByRole('heading', { name: '登录' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await useLanguage(page, 'en');
  await fill('User id', 'agent.console');
  await choose('Role', 'Agent');
  await choose('Department', 'Customer service');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as').textContent()).resolves.toBe(
    'agent.console · Agent · Customer service',
  );
}, 120_000);

test('registers a complaint with every kind of field and shows the tracking number and access code', async () => {
  await page.getByRole('link', { name: 'Register' }).click();
  await checkBothLanguages(page, { en: 'Register a complaint', zh: '登记投诉' });
  await choose('Channel', 'Hotline');
  await fill('Name', '王小明');
  await fill('Phone', '+86 138 0013 8000');
  await fill('E-mail', 'wang.xm@example.cn');
  await choose('Customer tier', 'High');
  await choose('Type', 'Service');
  await fill('Order id', orderId);
  await fill('Purchase channel', 'online store');
  await fill('Purchased on', '2026-11-20');
  await fill('Title', '客服态度差');
  await fill('Description', '客服在电话里态度很差，问题一直没有解决。The agent hung up twice.');
  await page.getByLabel('Apology', { exact: true }).check();
  await page.getByLabel('Explanation', { exact: true }).check();
  await fill('Occurred at', '2026-12-01T10:30');
  await fill('Region', 'east-china');
  await choose('Customer language', '中文 (zh-CN)');
  await submit('Register', page.getByRole('heading', { name: 'Complaint registered' }));
  registered.trackingNo = (await page.getByTestId('tracking-no').textContent()) ?? undefined;
  registered.accessCode = (await page.getByTestId('access-code').textContent()) ?? undefined;
  expect(registered.trackingNo).toMatch(/^[A-Z]{2}-\d{8}-[A-Z0-9]+$/);
  expect(registered.accessCode).toMatch(/^[A-Za-z0-9]{6,}$/);
  // Times in the viewer's time zone (the browser runs in Asia/Shanghai).
  await expect(page.getByText(/Acknowledge by: .*(GMT\+8|CST)/).count()).resolves.toBe(1);
  const href = await page.getByRole('link', { name: 'Open the case' }).getAttribute('href');
  registered.complaintId = href?.split('/').pop();
  expect(registered.complaintId).toMatch(/^[0-9a-f-]{36}$/);
  expect(await seriousViolations(page)).toEqual([]);
}, 120_000);

test('warns of a duplicate when the same customer complains about the same order again', async () => {
  await page.getByRole('button', { name: 'Register another' }).click();
  await fill('Name', '王小明');
  await fill('Phone', '+86 138 0013 8000');
  await choose('Type', 'Service');
  await fill('Order id', orderId);
  await fill('Description', '还是没有人联系我。');
  await submit('Register', page.getByTestId('duplicate-warning'));
  await expect(page.getByTestId('tracking-no').textContent()).resolves.toBe(registered.trackingNo);
  await expect(page.getByTestId('access-code').count()).resolves.toBe(0);
}, 120_000);

test('rejects a registration without a contact, naming the field, without losing the form', async () => {
  await page.getByRole('button', { name: 'Register another' }).click();
  await fill('Name', '李四');
  await fill('Description', '没有留下联系方式');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'Registration failed' }).waitFor();
  // The field's errors beside it, all of them.
  const beside = await page.locator('.mantine-InputWrapper-error').allTextContents();
  expect(beside.join(' | ')).toMatch(
    /or email is required: give at least one contact; .*phone number/,
  );
  await expect(page.getByLabel(named('Phone')).getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(page.getByLabel(named('Name')).inputValue()).resolves.toBe('李四');
}, 120_000);

test('shows the case in the queue once triage has routed it, with its SLA state in colour', async () => {
  await page.getByRole('link', { name: 'Queue' }).click();
  const row = page.locator(`tr[data-case="${registered.complaintId}"]`);
  await refreshUntil(page, async () => (await row.count()) > 0, {
    description: 'the case in the queue',
    timeoutMs: 60_000,
    intervalMs: 1000,
  });
  await expect(row.locator('[data-sla]').getAttribute('data-sla')).resolves.toBe('on_track');
  await expect(row.textContent()).resolves.toContain('Customer service');
  await checkBothLanguages(page, { en: 'Case queue', zh: '案件队列' });
  // The SLA-state filter asks the API: no breached case here.
  await choose('SLA state', 'Breached');
  await page.getByText('No case matches.').waitFor();
  await choose('SLA state', 'On track');
  await row.waitFor();
  // So does the escalation class: the general complaint leaves a list of major cases.
  const asked = page.waitForRequest((r) => r.url().includes('escalationClass=major'));
  await choose('Escalation class', 'Major');
  await asked;
  await row.waitFor({ state: 'detached' });
  await choose('Escalation class', 'General');
  await row.waitFor();
}, 120_000);

test('opens the case page: triage decision with the rules that fired, the timeline, assignment', async () => {
  await page.locator(`tr[data-case="${registered.complaintId}"] a`).click();
  await page.getByTestId('triage-decision').getByText('Rules that fired').waitFor();
  await expect(page.getByTestId('triage-decision').locator('li').count()).resolves.toBeGreaterThan(
    0,
  );
  await expect(page.getByTestId('timeline').locator('tbody tr').count()).resolves.toBeGreaterThan(
    0,
  );
  // The heading names the case: its category and the start of its id.
  await checkBothLanguages(page, { en: /^Case \S+ · /, zh: /^案件 \S+ · / });
  await fill('Assign to (user id)', 'agent.console');
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await page.getByTestId('case-summary').getByText('Assignee: agent.console').waitFor();
  await expect(page.getByTestId('timeline').getByText('CaseAssigned').count()).resolves.toBe(1);
}, 120_000);

test('the public status page shows the stage to whoever has the tracking number and code', async () => {
  await page.goto(`${platform.consoleUrl}/status`);
  await checkBothLanguages(page, { en: 'Complaint status', zh: '投诉进度' });
  await fill('Tracking number', registered.trackingNo ?? '');
  await fill('Access code', 'WRONGCODE1');
  await page.getByRole('button', { name: 'Show status' }).click();
  await page.getByText('No complaint matches this tracking number and access code.').waitFor();
  await fill('Access code', registered.accessCode ?? '');
  await page.getByRole('button', { name: 'Show status' }).click();
  const status = page.getByTestId('public-status');
  await status.waitFor();
  await expect(status.textContent()).resolves.toMatch(/Stage: (Triaged|In progress)/);
  expect(await seriousViolations(page)).toEqual([]);
}, 120_000);

test('a page whose chunk cannot be fetched (a newer version deployed meanwhile) reloads the console once and opens', async () => {
  const chunk = /\/assets\/CaseLibraryPage-[^/]+\.js$/;
  let refused = 0;
  await page.route(chunk, async (route) => {
    if (refused > 0) return route.continue();
    refused += 1;
    return route.abort('failed');
  });
  // Signed in, on the queue: the first load, without the library's chunk.
  await page.goto(`${platform.consoleUrl}/queue`);
  try {
    await page.getByRole('link', { name: 'Case library' }).click();
    await page.getByRole('heading', { level: 2, name: 'Case library' }).waitFor();
  } finally {
    await page.unroute(chunk);
  }
  expect(refused).toBe(1);
  const after = await page.evaluate(() => ({
    navigation: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).type,
    flag: sessionStorage.getItem('redress.reloadedForChunk'),
  }));
  // Reloaded once, and ready to do so again after a later deployment.
  expect(after).toEqual({ navigation: 'reload', flag: null });
}, 60_000);
