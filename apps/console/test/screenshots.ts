import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, waitFor } from '@redress/testing';
import { launchBrowser, refreshUntil } from './browser';
import { ensureCjkFont } from './chromium';
import { startPlatform, type Platform } from './platform';

/**
 * `npm run screenshots`: the console's main pages as PNGs (1280×800, English) in
 * docs/screenshots/, for the README. It starts the real platform (test/platform.ts), registers a
 * few complaints through the console's own API paths, waits for triage and resolution to route
 * them, then captures each page of PAGES. A page that does not show its heading fails the run,
 * so a broken page is never photographed as if it were fine.
 *
 * To add a page: one entry in PAGES (its file name, where it is, what shows it is ready, and
 * what to do first if anything).
 */

interface Seeded {
  complaintId: string;
  trackingNo: string;
  accessCode: string;
}

interface Staff {
  sub: string;
  roles: string[];
  department?: string;
}

/** A complaint worked on through resolution's API before the captures. */
interface WorkedCase {
  complaintId: string;
  department: string;
}

/** What the captures show: the first complaint as registered, one case whose plan waits for
 * its department head, one resolved (and so in follow-up's due list). */
interface Scenario {
  first: Seeded;
  awaitingApproval: WorkedCase;
  resolved: WorkedCase;
}

interface Shot {
  /** docs/screenshots/<name>.png */
  name: string;
  /** Signed in as whom; undefined for a page without sign-in. */
  as?: Staff | ((scenario: Scenario) => Staff);
  path: (scenario: Scenario) => string;
  /** Shown once the page is ready to be captured. */
  ready: (page: Page) => Promise<void>;
  /** Steps after the page is ready (fill a form…), before the capture. */
  act?: (page: Page, scenario: Scenario) => Promise<void>;
  /** The whole page, not only the first 800 pixels. */
  fullPage?: boolean;
  /** The console's language for this capture; English unless said. */
  language?: 'en' | 'zh-CN';
}

const AGENT = { sub: 'agent.li', roles: ['agent'], department: 'quality' };
const SUPERVISOR = { sub: 'supervisor.wang', roles: ['supervisor'] };
const heading = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 2, name }).waitFor();

/** The queue under its heading, with its first case. */
async function queueShown(page: Page, title: string): Promise<void> {
  await heading(page, title);
  await page.locator('[data-testid="queue"] tbody tr[data-case]').first().waitFor();
}

export const PAGES: Shot[] = [
  { name: 'sign-in', path: () => '/', ready: (page) => heading(page, 'Sign in') },
  {
    name: 'register',
    as: AGENT,
    path: () => '/register',
    ready: (page) => heading(page, 'Register a complaint'),
  },
  {
    name: 'queue',
    as: SUPERVISOR,
    path: () => '/queue',
    ready: (page) => queueShown(page, 'Case queue'),
  },
  {
    name: 'case',
    as: SUPERVISOR,
    path: ({ first }) => `/cases/${first.complaintId}`,
    ready: (page) => page.getByTestId('triage-decision').getByText('Rules that fired').waitFor(),
  },
  {
    name: 'queue-zh',
    as: SUPERVISOR,
    language: 'zh-CN',
    path: () => '/queue',
    ready: (page) => queueShown(page, '案件队列'),
  },
  {
    name: 'review',
    as: SUPERVISOR,
    path: () => '/review',
    ready: (page) => heading(page, 'Triage review queue'),
  },
  {
    name: 'analytics',
    as: SUPERVISOR,
    path: () => '/analytics',
    // Analytics reads the topics on its own time: refreshed until it counts every complaint.
    ready: async (page) => {
      await heading(page, 'Analytics');
      const total = page.getByTestId('total-complaints').locator('p').nth(1);
      await waitFor(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          await page.getByTestId('volume-chart').waitFor();
          return Number((await total.textContent()) ?? 0) >= COMPLAINTS.length;
        },
        { description: 'analytics to count the complaints', timeoutMs: 120_000, intervalMs: 2_000 },
      );
      await page.locator('[data-testid="volume-chart"] .recharts-line path').first().waitFor();
      await page.locator('button[data-loading]').waitFor({ state: 'detached' });
    },
  },
  {
    name: 'approvals',
    as: ({ awaitingApproval }) => headOf(awaitingApproval),
    path: () => '/approvals',
    ready: async (page) => {
      await heading(page, 'Approvals inbox');
      await page.locator('[data-testid="approvals"] tbody tr[data-case]').first().waitFor();
    },
  },
  {
    name: 'case-work',
    as: SUPERVISOR,
    path: ({ awaitingApproval }) => `/cases/${awaitingApproval.complaintId}`,
    fullPage: true,
    ready: (page) => page.getByTestId('investigation').waitFor(),
  },
  {
    name: 'follow-ups',
    as: SUPERVISOR,
    path: () => '/follow-ups',
    // Follow-up schedules its callback once it has read the resolution.
    ready: async (page) => {
      await heading(page, 'Follow-up due list');
      const rows = page.locator('[data-testid="follow-ups"] tbody tr[data-follow-up]');
      await refreshUntil(page, async () => (await rows.count()) > 0, {
        description: 'the resolved case in the due list',
        timeoutMs: 60_000,
        intervalMs: 1_000,
      });
    },
  },
  {
    name: 'status',
    path: () => '/status',
    ready: (page) => heading(page, 'Complaint status'),
    act: async (page, { first }) => {
      await page.getByLabel(/^Tracking number/).fill(first.trackingNo);
      await page.getByLabel(/^Access code/).fill(first.accessCode);
      await page.getByRole('button', { name: 'Show status' }).click();
      await page.getByTestId('public-status').waitFor();
    },
  },
];

const COMPLAINTS = [
  {
    title: '酸奶有异物',
    description: '打开原味酸奶后发现里面有异物，孩子已经喝了一口，请尽快联系我。',
    subject: { type: 'product', productSku: 'YG-200', batchNo: 'B20261121' },
  },
  {
    title: '快递延误一周',
    description: '订单显示已发货七天仍未送达，客服电话一直占线。',
    subject: { type: 'logistics', orderId: 'SO-20261130-88' },
  },
  {
    title: '客服态度差',
    description: 'The agent hung up twice and the problem is still not solved.',
    subject: { type: 'service', orderId: 'SO-20261201-17' },
  },
  {
    title: '奶粉罐有异味',
    description: '婴幼儿配方奶粉开罐后有明显的哈喇味，担心质量问题。',
    subject: { type: 'product', productSku: 'PW-900', batchNo: 'B20261105' },
  },
];

let platform: Platform;

async function tokenFor(as: Staff): Promise<string> {
  const response = await fetch(`${platform.consoleUrl}/dev/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(as),
  });
  const body = (await response.json()) as { token?: string };
  if (!body.token) throw new Error(`no development token: ${JSON.stringify(body)}`);
  return body.token;
}

/** Registers the complaints as a hotline agent, through the console's proxy to intake. */
async function seed(): Promise<Seeded[]> {
  const token = await tokenFor({ sub: 'agent.li', roles: ['agent'] });
  const seeded: Seeded[] = [];
  for (const [i, complaint] of COMPLAINTS.entries()) {
    const response = await fetch(`${platform.consoleUrl}/api/intake/complaints`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
        'Idempotency-Key': `screenshots-${Date.now()}-${i}`,
      },
      body: JSON.stringify({
        channel: i % 2 === 0 ? 'hotline' : 'web',
        customer: { name: ['王小明', '李娜', 'Chen Jie', '赵敏'][i], phone: `1380013800${i}` },
        ...complaint,
        region: 'east-china',
        language: 'zh-CN',
      }),
    });
    const body = (await response.json()) as Seeded;
    if (response.status !== 201) throw new Error(`registration ${i}: ${JSON.stringify(body)}`);
    seeded.push(body);
  }
  // Routed by triage and opened by resolution: every case in the supervisor's queue.
  const supervisor = await tokenFor(SUPERVISOR);
  await waitFor(
    async () => {
      const response = await fetch(`${platform.consoleUrl}/api/resolution/cases?limit=50`, {
        headers: { Authorization: `Bearer ${supervisor}` },
      });
      const { items } = (await response.json()) as { items: { complaintId: string }[] };
      const ids = new Set(items.map((item) => item.complaintId));
      return seeded.every((s) => ids.has(s.complaintId));
    },
    { description: 'the seeded cases in the queue', timeoutMs: 120_000, intervalMs: 1_000 },
  );
  return seeded;
}

const headOf = ({ department }: WorkedCase): Staff => ({
  sub: `head.${department}`,
  roles: ['department_head'],
  department,
});
const agentOf = ({ department }: WorkedCase): Staff => ({
  sub: `agent.${department}`,
  roles: ['agent'],
  department,
});

/** One command of resolution's API through the console's proxy; its answer's body. */
async function command(
  worked: WorkedCase,
  as: Staff,
  path: string,
  body: object,
): Promise<Record<string, unknown>> {
  const response = await fetch(
    `${platform.consoleUrl}/api/resolution/cases/${worked.complaintId}/${path}`,
    {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${await tokenFor(as)}`,
      },
      body: JSON.stringify(body),
    },
  );
  const answer = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300) throw new Error(`${path}: ${JSON.stringify(answer)}`);
  return answer;
}

/** The case's department, as triage routed it. */
async function caseOf(complaintId: string): Promise<WorkedCase> {
  const response = await fetch(`${platform.consoleUrl}/api/resolution/cases/${complaintId}`, {
    headers: { Authorization: `Bearer ${await tokenFor(SUPERVISOR)}` },
  });
  const { department } = (await response.json()) as { department: string };
  return { complaintId, department };
}

/** Assigned, contacted, investigated and a plan of two options proposed: it waits for approval. */
async function proposePlan(worked: WorkedCase): Promise<string> {
  const agent = agentOf(worked);
  await command(worked, headOf(worked), 'assignment', {
    assignee: { id: agent.sub, department: worked.department },
  });
  await command(worked, agent, 'contacts', {
    channel: 'phone',
    summary: '已致电致歉并说明处理流程',
  });
  await command(worked, agent, 'investigation', {
    rootCause: '批次密封不良，运输中受潮',
    responsibility: 'company',
    evidence: [{ kind: 'test_report', ref: 'QA-2026-1207-3' }],
  });
  const plan = await command(worked, agent, 'remedies', {
    options: [
      { optionId: 'refund', kind: 'refund', tier: 1 },
      {
        optionId: 'comp',
        kind: 'compensation',
        tier: 2,
        value: { amount: '200', currency: 'CNY' },
      },
    ],
  });
  return plan.remedyId as string;
}

/** Through approval, the customer's choice and one action to resolved. */
async function resolve(worked: WorkedCase): Promise<void> {
  const agent = agentOf(worked);
  const remedyId = await proposePlan(worked);
  await command(worked, headOf(worked), `remedies/${remedyId}/approval`, { decision: 'approved' });
  await command(worked, agent, 'contacts', { channel: 'phone', remedyId });
  await command(worked, agent, 'customer-decision', {
    remedyId,
    decision: 'accepted',
    optionId: 'refund',
  });
  const action = await command(worked, agent, 'actions', {
    description: '原路退款',
    owner: { id: 'finance.zhou', department: 'finance' },
    within: { days: 1 },
  });
  await command(worked, agent, `actions/${action.actionId as string}/completion`, {});
  await command(worked, agent, 'resolution', { summary: '已全额退款，客户认可。' });
}

beforeAll(async () => {
  platform = await startPlatform({
    services: ['intake', 'triage', 'resolution', 'follow-up', 'analytics'],
    database: 'screenshots',
  });
}, 300_000);

afterAll(async () => {
  await platform?.stop();
}, 120_000);

test('captures the main pages', async () => {
  const seeded = await seed();
  const [awaitingApproval, resolved] = await Promise.all(
    [seeded[1], seeded[3]].map((s) => caseOf((s as Seeded).complaintId)),
  );
  await proposePlan(awaitingApproval as WorkedCase);
  await resolve(resolved as WorkedCase);
  const scenario: Scenario = {
    first: seeded[0] as Seeded,
    awaitingApproval: awaitingApproval as WorkedCase,
    resolved: resolved as WorkedCase,
  };
  const out = join(repoRoot(), 'docs/screenshots');
  mkdirSync(out, { recursive: true });
  ensureCjkFont();
  const browser = await launchBrowser();
  try {
    for (const shot of PAGES) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 1280, height: 800 });
      page.setDefaultTimeout(30_000);
      const as = typeof shot.as === 'function' ? shot.as(scenario) : shot.as;
      const token = as ? await tokenFor(as) : undefined;
      await page.addInitScript(
        ({ t, language }) => {
          localStorage.setItem('redress.language', language);
          if (t) sessionStorage.setItem('redress.session', t);
          else sessionStorage.removeItem('redress.session');
        },
        { t: token, language: shot.language ?? 'en' },
      );
      await page.goto(`${platform.consoleUrl}${shot.path(scenario)}`);
      await shot.ready(page);
      await shot.act?.(page, scenario);
      // Let fonts and transitions settle.
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `${shot.name}.png`), fullPage: shot.fullPage });
      process.stderr.write(`screenshots: docs/screenshots/${shot.name}.png\n`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}, 600_000);
