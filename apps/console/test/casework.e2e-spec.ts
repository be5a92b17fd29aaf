import type { Page } from 'playwright-core';
import { checkBothLanguages, launchBrowser, refreshUntil, useLanguage } from './browser';
import {
  approveInInbox,
  assignTo,
  choose,
  completeAction,
  fill,
  fillPlan,
  form,
  openCase,
  registerInConsole,
  recordContact,
  recordCustomerDecision,
  recordInvestigation,
  resolveCase,
  resolveThroughConsole,
  scheduleAction,
  signInAs,
  submit,
  timelineEntry,
  type Staff,
} from './casework';
import { startPlatform, type Platform } from './platform';

/**
 * Issue 17, the case work, in Debian's Chromium against the five real services (real Kafka and
 * Postgres): a complaint registered in the console is triaged, opened by the routed department's
 * agent, contacted, investigated, given a plan that the department head approves in the approvals
 * inbox, offered, accepted, carried out and resolved — every step through the console's forms,
 * each person signed in through the development sign-in. Field errors beside their fields, a 403
 * said plainly, triage's review queue, and every new page in both languages with axe-core.
 */

let platform: Platform;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

// The staff-attitude complaint below is a general one of customer service: by the default approval
// matrix its plan is approved by the project general manager, the department head's role there.
const agent: Staff = { sub: 'agent.cs', role: 'agent', department: 'customer-service' };
const head: Staff = { sub: 'head.cs', role: 'department_head', department: 'customer-service' };
const supervisor: Staff = { sub: 'supervisor.one', role: 'supervisor' };
let complaintId = '';

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(15_000);
  page.on('response', (response) => {
    if (response.url().includes('/api/') && response.status() >= 400)
      process.stderr.write(
        `[casework e2e] ${response.status()} ${response.request().method()} ${response.url()}\n`,
      );
  });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 120_000);

const status = () => page.getByTestId('case-summary').locator('.mantine-Badge-root');

test('the routed department’s agent opens the case registered in the console and assigns it', async () => {
  await signInAs(page, platform.consoleUrl, agent, '/register');
  await useLanguage(page, 'en');
  complaintId = await registerInConsole(
    page,
    '客服人员在电话中态度恶劣，两次挂断我的电话。The staff member hung up on me twice.',
  );
  await openCase(page, platform.consoleUrl, complaintId);
  const triage = page.getByTestId('triage-decision');
  await expect(triage.textContent()).resolves.toContain('Department: Customer service');
  await expect(triage.locator('li').count()).resolves.toBeGreaterThan(0);
  await assignTo(page, agent.sub);
  // The timeline in words, with each event's type beside it.
  await expect(
    page.getByTestId('timeline').getByText('Assigned', { exact: true }).count(),
  ).resolves.toBe(1);
  await expect(status().allTextContents()).resolves.toContain('Open');
  // An agent is offered the work of an open case, not the approval of a plan.
  await form(page, 'Record a customer contact').waitFor();
  await form(page, 'Propose a remedy plan').waitFor();
  await expect(form(page, 'Approve or reject the plan').count()).resolves.toBe(0);
  await checkBothLanguages(page, { en: /^Case \S+ · /, zh: /^案件 \S+ · / });
}, 180_000);

test('the agent records the contact, and the investigation once its field errors show beside the fields', async () => {
  await recordContact(page, { channel: 'Phone', summary: 'Apologised and promised a callback.' });
  const investigation = form(page, 'Record the investigation');
  await investigation.getByRole('button', { name: 'Record investigation' }).click();
  await investigation.getByRole('alert').waitFor();
  // problem+json names the fields; each error shows beside its own field.
  await expect(investigation.getByLabel(/^Root cause/).getAttribute('aria-invalid')).resolves.toBe(
    'true',
  );
  await expect(
    investigation.getByRole('combobox', { name: /^Responsibility/ }).getAttribute('aria-invalid'),
  ).resolves.toBe('true');
  const beside = await investigation.locator('.mantine-InputWrapper-error').allTextContents();
  expect(beside.join(' | ')).toMatch(/must be one of the following values: company, customer/);
  await expect(investigation.getByRole('alert').textContent()).resolves.toContain(
    'Some fields need attention',
  );
  await recordInvestigation(page, {
    rootCause: 'The agent skipped the de-escalation script.',
    responsibility: 'The company',
  });
  await expect(page.getByTestId('investigation').textContent()).resolves.toContain(
    'The agent skipped the de-escalation script.',
  );
}, 120_000);

test('a plan with a compensation but no amount is refused beside the amount; the plan proposed waits for the department head, and a supervisor’s approval gets a plain 403', async () => {
  const planForm = await fillPlan(page, [
    { kind: 'Apology', tier: 1 },
    { kind: 'Compensation', tier: 2 },
  ]);
  await planForm.getByRole('button', { name: 'Propose plan' }).click();
  await planForm.getByRole('alert').waitFor();
  const option2 = planForm.getByRole('group', { name: 'Option 2', exact: true });
  await expect(option2.getByLabel(/^Amount/).getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(
    option2.locator('.mantine-InputWrapper-error').first().textContent(),
  ).resolves.toMatch(/must be a decimal number such as 200/);
  await fill(option2, 'Amount', '200');
  await submit(planForm, 'Propose plan', timelineEntry(page, 'RemedyProposed'));
  await expect(status().allTextContents()).resolves.toContain('Awaiting approval');
  await expect(page.getByTestId('missing-approvals').textContent()).resolves.toBe(
    'Still waiting for: Project general manager',
  );
  // The agent is no approver: no approval form, no plan form while one waits.
  await expect(form(page, 'Approve or reject the plan').count()).resolves.toBe(0);
  await expect(form(page, 'Propose a remedy plan').count()).resolves.toBe(0);

  // A supervisor may approve plans, but not for this body: the API's 403 is said as such.
  await signInAs(page, platform.consoleUrl, supervisor, `/cases/${complaintId}`);
  const approval = form(page, 'Approve or reject the plan');
  await approval.getByRole('button', { name: 'Approve', exact: true }).click();
  const refused = approval.getByRole('alert');
  await refused.waitFor();
  await expect(refused.getAttribute('data-status')).resolves.toBe('403');
  await expect(refused.textContent()).resolves.toMatch(
    /^Not allowed for your role or department.*project-general-manager approves through the role department_head/,
  );
  // A rejection without its reason is refused beside the reason.
  await approval.getByRole('button', { name: 'Reject', exact: true }).click();
  await waitForAttribute(approval.getByLabel(/^Reason for rejecting/), 'aria-invalid', 'true');
}, 180_000);

async function waitForAttribute(
  locator: ReturnType<Page['locator']>,
  name: string,
  value: string,
): Promise<void> {
  await locator.and(page.locator(`[${name}="${value}"]`)).waitFor();
}

test('the department head finds the plan in the approvals inbox, in both languages, and approves it', async () => {
  await signInAs(page, platform.consoleUrl, head, '/approvals');
  await page.getByRole('link', { name: 'Approvals' }).waitFor();
  await page.locator(`tr[data-case="${complaintId}"]`).waitFor();
  await expect(page.locator(`tr[data-case="${complaintId}"]`).textContent()).resolves.toContain(
    'Project general manager',
  );
  await page
    .locator(`tr[data-case="${complaintId}"]`)
    .getByRole('button', { name: 'Review the plan' })
    .click();
  await page.getByTestId('plan-review').getByText('Compensation (tier 2, 200 CNY)').waitFor();
  await checkBothLanguages(page, { en: 'Approvals inbox', zh: '待审批' });
  await approveInInbox(page, platform.consoleUrl, complaintId, 'Within the department’s limits.');
  await page.getByText('Nothing waits for your approval.').waitFor();
}, 180_000);

test('the agent offers the approved plan, records the customer’s choice, carries out the action and resolves the case', async () => {
  await signInAs(page, platform.consoleUrl, agent);
  await openCase(page, platform.consoleUrl, complaintId);
  await expect(status().allTextContents()).resolves.toContain('Plan approved');
  await expect(page.getByTestId('remedies').textContent()).resolves.toMatch(
    /Approved for Project general manager by head\.cs/,
  );
  await recordContact(page, { channel: 'Phone', summary: 'Offered both options.', offer: true });
  await recordCustomerDecision(page, 'Compensation · option-2');
  await expect(status().allTextContents()).resolves.toContain('Executing');
  await scheduleAction(page, { description: 'Pay the compensation', withinDays: 2 });
  await expect(page.getByTestId('actions').textContent()).resolves.toMatch(
    /Pay the compensation · agent\.cs · due .*(GMT\+8|CST)/,
  );
  // An open action keeps the case from resolving: the API's 409 is said as the case's state.
  const resolution = form(page, 'Resolve the case');
  await fill(resolution, 'Summary of the resolution', 'Compensated.');
  await resolution.getByRole('button', { name: 'Resolve', exact: true }).click();
  const refused = resolution.getByRole('alert');
  await refused.waitFor();
  await expect(refused.textContent()).resolves.toMatch(/^Not possible in the case’s current state/);
  await completeAction(page, 'Pay the compensation', 'Paid 200 CNY.');
  await resolveCase(page, 'Apologised and compensated; the customer accepted.');
  await expect(status().allTextContents()).resolves.toContain('Resolved');
  await page.getByText('The case is Resolved: nothing more to do here.').waitFor();
  const types = await page
    .getByTestId('timeline')
    .locator('tbody tr td:nth-child(3)')
    .allTextContents();
  expect(types).toEqual([
    'CaseOpened',
    'CaseAssigned',
    'CustomerContacted',
    'InvestigationRecorded',
    'RemedyProposed',
    'RemedyApproved',
    'CustomerContacted',
    'RemedyAccepted',
    'ActionScheduled',
    'ActionCompleted',
    'ComplaintResolved',
  ]);
  await checkBothLanguages(page, { en: /^Case \S+ · /, zh: /^案件 \S+ · / });
}, 180_000);

test('a supervisor reclassifies one complaint triage was unsure of and confirms another, from the review queue', async () => {
  // A complaint of type "other" whose text names no category waits for a person's review.
  const unsure = await registerThroughApi({
    channel: 'web',
    customer: { name: 'Zhao Lei', email: 'zhao.lei@example.cn' },
    subject: { type: 'other' },
    description: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.',
  });
  const rightAsItIs = await registerThroughApi({
    channel: 'web',
    customer: { name: 'Qian Yu', email: 'qian.yu@example.cn' },
    subject: { type: 'other' },
    description: 'Sed ut perspiciatis unde omnis iste natus error sit voluptatem.',
  });

  await signInAs(page, platform.consoleUrl, supervisor, '/review');
  const { row, open } = await reviewRow(unsure, 'the complaint in the review queue');
  await checkBothLanguages(page, { en: 'Triage review queue', zh: '分诊复核队列' });
  await expect(row.textContent()).resolves.toMatch(/classification:no-evidence/);
  const reclassify = await open();
  // The reason is required: refused beside it.
  await reclassify.getByRole('button', { name: 'Save the reclassification' }).click();
  await waitForAttribute(reclassify.getByLabel(/^Reason/), 'aria-invalid', 'true');
  await choose(page, reclassify, 'Type', 'Service');
  await reclassify.getByRole('combobox', { name: /^Category/ }).click();
  await page.getByRole('option').first().click();
  await fill(reclassify, 'Reason', 'The customer asks about a service appointment.');
  await submit(reclassify, 'Save the reclassification', page.getByTestId('reclassified'));
  await row.waitFor({ state: 'detached' });

  // Another the supervisor finds right as triage left it: every field kept, a reason given.
  const right = await reviewRow(rightAsItIs, 'the second complaint in the review queue');
  const confirm = await right.open();
  await confirm.getByText(/Leave every field as it is to confirm/).waitFor();
  await fill(confirm, 'Reason', 'Checked: the classification stands.');
  await submit(confirm, 'Save the reclassification', page.getByTestId('reclassified'));
  await right.row.waitFor({ state: 'detached' });

  await openCase(page, platform.consoleUrl, unsure);
  await page.getByTestId('triage-decision').getByText('classification:supervisor').waitFor();
  await openCase(page, platform.consoleUrl, rightAsItIs);
  await page.getByTestId('triage-decision').getByText('supervisor:confirmation').waitFor();
}, 240_000);

test('a major complaint’s case shows its supervision order and crisis team, in both languages', async () => {
  // A lawsuit filed and the media's exposure make a complaint major (DOMAIN §2): resolution
  // issues a supervision order with milestones and forms a crisis team as it opens the case.
  const major = await registerThroughApi({
    channel: 'hotline',
    customer: { name: 'Sun Hao', phone: '+86 137 0000 1122' },
    subject: { type: 'product', productSku: 'HT-300', batchNo: `B-${Date.now()}` },
    description: '取暖器使用中冒烟起火，已向法院起诉，电视台也已报道。The heater caught fire.',
    flags: { lawsuitFiled: true, mediaExposed: true, safetyIncident: true },
  });

  await signInAs(page, platform.consoleUrl, supervisor, '/queue');
  await openCase(page, platform.consoleUrl, major);
  const order = page.getByTestId('supervision-order');
  const crisis = page.getByTestId('crisis-team');
  await order.waitFor();
  await crisis.waitFor();
  await page.getByRole('heading', { level: 3, name: 'Supervision order' }).waitFor();
  expect(await order.locator('tbody tr').count()).toBeGreaterThan(0);
  await expect(crisis.textContent()).resolves.toMatch(/Lead: \S+ · Spokesperson: \S+/);
  await checkBothLanguages(page, { en: /^Case \S+ · /, zh: /^案件 \S+ · / });
  await useLanguage(page, 'zh-CN');
  await page.getByRole('heading', { level: 3, name: '督办令' }).waitFor();
  await page.getByRole('heading', { level: 3, name: '危机小组' }).waitFor();
  await useLanguage(page, 'en');
}, 180_000);

test('resolveThroughConsole takes another registered complaint to resolved', async () => {
  await signInAs(page, platform.consoleUrl, agent, '/register');
  const another = await registerInConsole(
    page,
    '店员态度冷漠，没有人理我。Nobody at the counter helped me.',
  );
  await resolveThroughConsole(page, platform.consoleUrl, another, { agent, approver: head });
  await expect(status().allTextContents()).resolves.toContain('Resolved');
}, 600_000);

/** Waits for a complaint's row in the review queue; `open` clicks its Reclassify and gives the form. */
async function reviewRow(complaintId: string, description: string) {
  const row = page.locator(`tr[data-case="${complaintId}"]`);
  await refreshUntil(page, async () => (await row.count()) > 0, {
    description,
    timeoutMs: 90_000,
    intervalMs: 1000,
  });
  const open = async () => {
    await row.getByRole('button', { name: 'Reclassify' }).click();
    return page.getByRole('form', { name: `Reclassify ${complaintId.slice(0, 8)}` });
  };
  return { row, open };
}

/** Registers a complaint through intake's API as the customer-service agent; its id. */
async function registerThroughApi(body: object): Promise<string> {
  const token = await devToken({
    sub: agent.sub,
    roles: ['agent'],
    department: 'customer-service',
  });
  const response = await fetch(`${platform.consoleUrl}/api/intake/complaints`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { complaintId: string }).complaintId;
}

async function devToken(claims: { sub: string; roles: string[]; department?: string }) {
  const response = await fetch(`${platform.consoleUrl}/dev/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(claims),
  });
  const { token } = (await response.json()) as { token: string };
  return token;
}
