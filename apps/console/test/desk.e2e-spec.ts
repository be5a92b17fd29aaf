import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { waitFor } from '@redress/testing';
import {
  checkBothLanguages,
  launchBrowser,
  refreshUntil,
  seriousViolations,
  useLanguage,
} from './browser';
import {
  registerInConsole,
  resolveThroughConsole,
  signInAs,
  signOut,
  type Staff,
} from './casework';
import { startPlatform, type Platform } from './platform';

/**
 * Issue 17, items 5 and 6 in Debian's Chromium against the real five services (real Kafka and
 * Postgres), and the whole life of a complaint in the console: one complaint is registered in the
 * console, triaged, and worked through the approvals inbox to resolution (casework.ts); another
 * is registered and resolved through the APIs; then in the console a supervisor finds them in
 * the follow-up due list, surveys the first (closed, satisfied), requests and completes a
 * corrective action and publishes a case study, surveys the second (unhappy: reopened), finds the
 * case study in the library, and reads the analytics pages — the volume chart, the department
 * scorecard, and the monthly report with its CSV. Every page in Chinese and English, with no
 * serious or critical axe-core violation.
 */

let platform: Platform;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;
let page: Page;
/** The console's JavaScript files the browser fetched, in order. */
const scripts: string[] = [];
const run = Date.now().toString(36);
const complaints: string[] = [];

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  context = browser.context;
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  page.on('response', (response) => {
    const url = response.url();
    if (url.endsWith('.js')) scripts.push(new URL(url).pathname);
    if (url.includes('/api/'))
      process.stderr.write(
        `[desk e2e] ${response.status()} ${response.request().method()} ${url}\n`,
      );
  });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 120_000);

/** A development token from the console's own sign-in endpoint. */
async function token(sub: string, roles: string[], department?: string): Promise<string> {
  const response = await fetch(`${platform.consoleUrl}/dev/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sub, roles, ...(department ? { department } : {}) }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token) throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.token;
}

/** A call to a service's public API through the console's server, as the pages make them. */
async function api(
  bearer: string,
  service: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${platform.consoleUrl}/api/${service}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      Authorization: `Bearer ${bearer}`,
      Accept: 'application/json',
      ...(body === undefined
        ? {}
        : { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

async function choose(label: string | RegExp, option: string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** A 1–5 answer of the survey: its radio group, by label. */
const scale = (label: string) => page.getByRole('radiogroup', { name: new RegExp(`^${label}`) });

test('one complaint worked through the console to resolution, one through the APIs, reach follow-up', async () => {
  // The first goes the whole way in the console: registered by an agent on a call, triaged,
  // worked through the department head's approval to resolution; the tests below survey and
  // close it, and find it in the analytics pages.
  const people = {
    agent: { sub: 'agent.desk', role: 'agent', department: 'customer-service' },
    approver: { sub: 'head.desk', role: 'department_head', department: 'customer-service' },
  } satisfies Record<string, Staff>;
  await signInAs(page, platform.consoleUrl, people.agent, '/register');
  const inConsole = await registerInConsole(
    page,
    '客服在电话里两次挂断，问题一直没有解决。The agent hung up twice.',
  );
  await resolveThroughConsole(page, platform.consoleUrl, inConsole, people);
  await signOut(page);
  complaints.push(inConsole);

  const agent = await token('agent.desk', ['agent'], 'customer-service');
  const registered = await api(agent, 'intake', '/complaints', {
    channel: 'hotline',
    customer: { name: '回访客户', phone: '+86 139 0000 1001' },
    subject: { type: 'service', orderId: `SO-${run}-1` },
    description: '客服承诺回电却没有回电，态度冷淡。Nobody called back as promised.',
    language: 'zh-CN',
  });
  expect(registered.status).toBe(201);
  const throughApi = String(registered.body.complaintId);
  complaints.push(throughApi);
  await waitFor(
    async () => (await api(agent, 'resolution', `/cases/${throughApi}`)).status === 200,
    {
      description: `triage to route ${throughApi} and resolution to open its case`,
      timeoutMs: 90_000,
      intervalMs: 1000,
    },
  );
  const contacted = await api(agent, 'resolution', `/cases/${throughApi}/contacts`, {
    channel: 'phone',
    summary: 'Called the customer, apologised and explained.',
  });
  expect(contacted.status).toBeLessThan(300);
  const resolved = await api(agent, 'resolution', `/cases/${throughApi}/resolution`, {
    summary: 'Apologised; the agent was coached.',
  });
  expect(resolved.status).toBeLessThan(300);
  for (const id of complaints) {
    await waitFor(async () => (await api(agent, 'follow-up', `/follow-ups/${id}`)).status === 200, {
      description: `follow-up to schedule the callback of ${id}`,
      timeoutMs: 90_000,
      intervalMs: 1000,
    });
  }
}, 600_000);

test('a supervisor finds both in the follow-up due list, in both languages', async () => {
  await page.goto(platform.consoleUrl);
  await useLanguage(page, 'en');
  await page.getByLabel(/^User id/).fill('supervisor.desk');
  await choose(/^Role/, 'Supervisor');
  await choose(/^Department/, '(none: sees all)');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').waitFor();
  // The first page loaded none of the analytics chunk (nor its chart library).
  expect(scripts.some((s) => s.includes('AnalyticsPage'))).toBe(false);

  await page.getByRole('link', { name: 'Follow-up', exact: true }).click();
  await checkBothLanguages(page, { en: 'Follow-up due list', zh: '待回访清单' });
  for (const id of complaints) {
    await page.locator(`tr[data-follow-up="${id}"]`).waitFor();
  }
  const row = page.locator(`tr[data-follow-up="${complaints[0]}"]`);
  await expect(row.textContent()).resolves.toContain('Awaiting callback');
  await expect(row.textContent()).resolves.toContain('Customer service');
}, 120_000);

test('records an attempt and a happy survey by keyboard: the complaint closes', async () => {
  await page.locator(`tr[data-follow-up="${complaints[0]}"] a`).click();
  await checkBothLanguages(page, { en: /^Follow-up \S+ · /, zh: /^回访 \S+ · / });
  await choose(/^Outcome/, 'Reached');
  await page.getByRole('button', { name: 'Record the attempt' }).click();
  await page.getByTestId('attempts').getByText('Reached').waitFor();

  // Keyboard use: a radio group is one tab stop, the arrow keys choose within it.
  await scale('Overall satisfaction').getByRole('radio', { name: '4' }).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await expect(
    scale('Overall satisfaction').getByRole('radio', { name: '5' }).isChecked(),
  ).resolves.toBe(true);
  await page.getByLabel('The customer says the problem is solved').check();
  await scale('Efficiency').getByRole('radio', { name: '5' }).check();
  await scale('Attitude').getByRole('radio', { name: '4' }).check();
  await scale('Outcome').getByRole('radio', { name: '5' }).check();
  await page.getByLabel(/^Comment/).fill('Thanked us for the call back.');
  await page.getByRole('button', { name: 'Record the survey' }).click();
  await expect(page.getByTestId('follow-up-notice').textContent()).resolves.toBe(
    'The complaint is closed: Satisfied.',
  );
  await expect(
    page.getByTestId('follow-up-summary').locator('[data-status]').getAttribute('data-status'),
  ).resolves.toBe('closed');
  await expect(page.getByTestId('surveys').textContent()).resolves.toContain('5 / 5');
  expect(await seriousViolations(page)).toEqual([]);
}, 120_000);

test('requests a corrective action, completes it, and publishes a case study', async () => {
  await page.getByLabel(/^Owner/).fill('lead.training');
  await page.getByLabel(/^Description/).fill('再培训：通话中不得挂断客户电话。');
  await page.getByRole('button', { name: 'Request the action' }).click();
  const action = page.getByTestId('corrective-actions').locator('tbody tr');
  await action.first().waitFor();
  await expect(action.first().textContent()).resolves.toContain('Open');
  await action.first().getByRole('button', { name: 'Complete' }).click();
  await action.first().getByText('Completed').waitFor();

  const study = page.getByTestId('case-study');
  await study.getByLabel(/^Title/).fill(`客服挂断电话的处理 ${run}`);
  await study
    .getByLabel(/^Summary/)
    .fill('客户两次被挂断电话。主管当天回电致歉，并对坐席进行了再培训。');
  await study.getByLabel(/^Lessons/).fill('通话中不得挂断；承诺回电必须登记。');
  await study.getByLabel(/^Keywords/).fill('挂断, coaching');
  await study.getByRole('button', { name: 'Publish' }).click();
  await study.getByText(/Published to the case library/).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
}, 120_000);

test('an unhappy survey reopens the second complaint for a second round', async () => {
  await page.getByRole('link', { name: 'Back to the due list' }).click();
  await page.locator(`tr[data-follow-up="${complaints[1]}"] a`).click();
  await scale('Overall satisfaction').getByRole('radio', { name: '2' }).check();
  await scale('Efficiency').getByRole('radio', { name: '2' }).check();
  await scale('Attitude').getByRole('radio', { name: '3' }).check();
  await scale('Outcome').getByRole('radio', { name: '1' }).check();
  await page.getByRole('button', { name: 'Record the survey' }).click();
  await page
    .getByTestId('follow-up-notice')
    .getByText(/reopened for a second round/)
    .waitFor();
  await expect(
    page.getByTestId('follow-up-summary').locator('[data-status]').getAttribute('data-status'),
  ).resolves.toBe('reopened');
  await page.getByRole('link', { name: 'Back to the due list' }).click();
  await choose(/^Status/, 'Reopened');
  await page.locator(`tr[data-follow-up="${complaints[1]}"]`).waitFor();
  await expect(page.locator(`tr[data-follow-up="${complaints[0]}"]`).count()).resolves.toBe(0);
}, 120_000);

test('the case library finds the case study by a Chinese word, and not by a missing one', async () => {
  await page.getByRole('link', { name: 'Case library' }).click();
  await checkBothLanguages(page, { en: 'Case library', zh: '案例库' });
  const search = page.getByRole('search', { name: 'Search the case library' });
  await search.getByLabel(/^Words/).fill(`挂断 ${run}`);
  await search.getByRole('button', { name: 'Search' }).click();
  const cards = page.getByTestId('case-library').locator('[data-case-study]');
  await waitFor(async () => (await cards.count()) === 1, {
    description: 'the case study found',
    timeoutMs: 15_000,
  });
  await expect(cards.first().textContent()).resolves.toContain('主管当天回电致歉');
  await search.getByLabel(/^Words/).fill(`挂断 ${run} 退款`);
  await search.getByRole('button', { name: 'Search' }).click();
  await page.getByText('No case study matches.').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
}, 120_000);

test('the analytics page, loaded on demand, charts the complaints and scores the department', async () => {
  await page.getByRole('link', { name: 'Analytics' }).click();
  await page.getByRole('heading', { level: 2, name: 'Analytics' }).waitFor();
  expect(scripts.some((s) => s.includes('AnalyticsPage'))).toBe(true);
  const scorecardRow = page.locator(
    '[data-testid="scorecard"] tr[data-department="customer-service"]',
  );
  await refreshUntil(
    page,
    async () => {
      if ((await scorecardRow.count()) === 0) return false;
      const cells = await scorecardRow.locator('td').allTextContents();
      // Complaints, resolved, closed: both counted, one closed once analytics has read follow-up.
      return Number(cells[0]) >= 2 && Number(cells[2]) >= 1;
    },
    {
      description: 'analytics to count both complaints and the closure',
      timeoutMs: 90_000,
      intervalMs: 1500,
    },
  );
  const total = Number(
    (await page.getByTestId('total-complaints').locator('p').nth(1).textContent()) ?? '0',
  );
  expect(total).toBeGreaterThanOrEqual(2);
  // The volume chart draws its line: a path of the complaints series.
  await page.locator('[data-testid="volume-chart"] .recharts-line path').first().waitFor();
  await page.locator('[data-testid="scorecard-chart"] .recharts-surface').first().waitFor();
  await checkBothLanguages(page, { en: 'Analytics', zh: '统计分析' });
}, 180_000);

test('the monthly report shows the month and downloads it as CSV', async () => {
  await page.getByRole('link', { name: 'Monthly report' }).click();
  await checkBothLanguages(page, { en: 'Monthly report', zh: '月度报告' });
  const complaintsShown = async () =>
    Number((await page.getByTestId('report-complaints').locator('p').nth(1).textContent()) ?? 0);
  await waitFor(async () => (await complaintsShown()) >= 2, {
    description: 'the month’s complaints in the report',
    timeoutMs: 30_000,
  });
  await expect(page.getByTestId('report-department').textContent()).resolves.toContain(
    'Customer service',
  );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  const month = await page.getByLabel(/^Month/).inputValue();
  expect(download.suggestedFilename()).toBe(`redress-${month}.csv`);
  const csv = readFileSync(await download.path(), 'utf8');
  const lines = csv.trim().split(/\r\n/);
  expect(lines[0]).toBe('month,measure,dimension,value,number');
  const complaintsLine = lines.find((l) => l.startsWith(`${month},complaints,,,`));
  expect(Number(complaintsLine?.split(',')[4])).toBe(await complaintsShown());
  expect(lines).toContainEqual(
    expect.stringMatching(new RegExp(`^${month},complaints,department,customer-service,\\d+$`)),
  );
  await page.getByTestId('csv-downloaded').waitFor();
}, 120_000);
