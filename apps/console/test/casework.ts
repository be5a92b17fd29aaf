import type { Locator, Page } from 'playwright-core';
import { waitFor } from '@redress/testing';
import { refreshUntil } from './browser';

/**
 * The case work through the console's own pages, as a person does it (issue 17, point 4):
 * sign in as someone, open a case, and take each step of resolution's SOP by its form. Each step
 * waits for the event it records to show in the case's timeline, and fails with the console's
 * alert when the API refused it. `resolveThroughConsole` takes a triaged complaint to resolved.
 * The pages are driven in English.
 */

export interface Staff {
  sub: string;
  role: string;
  /** Left out for a role that sees every department (supervisor, admin). */
  department?: string;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A field's accessible name: its label, and Mantine's asterisk when it is required. */
export const named = (label: string) => new RegExp(`^${escape(label)}\\s*\\*?$`);

export async function fill(root: Page | Locator, label: string, value: string): Promise<void> {
  await root.getByLabel(named(label)).fill(value);
}

/** Picks `option` of the select labelled `label` (Mantine renders the options in a portal). */
export async function choose(
  page: Page,
  root: Page | Locator,
  label: string,
  option: string,
): Promise<void> {
  await root.getByRole('combobox', { name: named(label) }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The command form named by its heading. */
export const form = (page: Page, title: string) => page.getByRole('form', { name: title });

/** Clicks `button` of `root` and waits for `outcome`; an alert in `root` fails with its text. */
export async function submit(root: Locator, button: string, outcome: Locator): Promise<void> {
  const alert = root.getByRole('alert');
  const earlier = await alert.count();
  await root.getByRole('button', { name: button, exact: true }).click();
  // The alert of an earlier attempt goes as this one starts; a new one may come back at once,
  // so a missed disappearance is no failure: the wait below tells.
  if (earlier > 0) {
    await alert
      .first()
      .waitFor({ state: 'detached', timeout: 5_000 })
      .catch(() => undefined);
  }
  await outcome.or(alert).first().waitFor({ timeout: 60_000 });
  if ((await outcome.count()) === 0) {
    throw new Error(`the console refused: ${await alert.first().textContent()}`);
  }
}

/** The `n`-th entry of `type` in the case's timeline (the raw type column). */
export const timelineEntry = (page: Page, type: string, n = 1) =>
  page
    .getByTestId('timeline')
    .getByText(type, { exact: true })
    .nth(n - 1);

export async function signOut(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Sign out' });
  if ((await button.count()) > 0) await button.click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}

/** Development sign-in as `staff`, at `path` of the console. */
export async function signInAs(
  page: Page,
  consoleUrl: string,
  staff: Staff,
  path = '/queue',
): Promise<void> {
  await page.goto(`${consoleUrl}${path}`);
  await signOut(page);
  await fill(page, 'User id', staff.sub);
  await choose(page, page, 'Role', roleLabel(staff.role));
  await choose(
    page,
    page,
    'Department',
    staff.department ? departmentLabel(staff.department) : '(none: sees all)',
  );
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').waitFor();
}

const ROLE_LABELS: Record<string, string> = {
  agent: 'Agent',
  supervisor: 'Supervisor',
  department_head: 'Department head',
  legal: 'Legal',
  analyst: 'Analyst',
  admin: 'Administrator',
};
const DEPARTMENT_LABELS: Record<string, string> = {
  'customer-service': 'Customer service',
  quality: 'Quality',
  logistics: 'Logistics',
  operations: 'Operations',
  finance: 'Finance',
  property: 'Property',
  rnd: 'R&D',
};
const roleLabel = (role: string) => ROLE_LABELS[role] ?? role;
const departmentLabel = (department: string) => DEPARTMENT_LABELS[department] ?? department;

/**
 * Registers a complaint through the register page (signed in as an agent) and answers its id;
 * a new order id each time, so the duplicate check never links it to an earlier one.
 */
export async function registerInConsole(page: Page, description: string): Promise<string> {
  await page.getByRole('link', { name: 'Register' }).click();
  await fill(page, 'Name', '陈女士');
  await fill(page, 'Phone', '+86 139 1234 5678');
  await choose(page, page, 'Type', 'Staff');
  await fill(
    page,
    'Order id',
    `SO-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
  );
  await fill(page, 'Description', description);
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  const link = page.getByRole('link', { name: 'Open the case' });
  await link.or(page.getByRole('alert')).first().waitFor({ timeout: 60_000 });
  const href = await link.getAttribute('href');
  const id = href?.split('/').pop() ?? '';
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`no complaint id after registering: ${href}`);
  return id;
}

/** Opens the case page once resolution has the case (triage routes it first). */
export async function openCase(page: Page, consoleUrl: string, complaintId: string) {
  await waitFor(
    async () => {
      await page.goto(`${consoleUrl}/cases/${complaintId}`);
      const summary = page.getByTestId('case-summary');
      const alert = page.getByRole('alert');
      await summary.or(alert).first().waitFor({ timeout: 15_000 });
      return (await summary.count()) > 0;
    },
    { description: `case ${complaintId} in the console`, timeoutMs: 90_000, intervalMs: 1000 },
  );
}

export async function assignTo(page: Page, sub: string): Promise<void> {
  await page.getByLabel(named('Assign to (user id)')).fill(sub);
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await page.getByTestId('case-summary').getByText(`Assignee: ${sub}`).waitFor();
}

export async function recordContact(
  page: Page,
  contact: { channel: string; summary: string; offer?: boolean },
): Promise<void> {
  const contactForm = form(page, 'Record a customer contact');
  const before = await page
    .getByTestId('timeline')
    .getByText('CustomerContacted', { exact: true })
    .count();
  await choose(page, contactForm, 'Contact channel', contact.channel);
  await fill(contactForm, 'What was said', contact.summary);
  if (contact.offer)
    await contactForm.getByLabel('Offered the approved plan in this contact').check();
  await submit(contactForm, 'Record contact', timelineEntry(page, 'CustomerContacted', before + 1));
}

export async function recordInvestigation(
  page: Page,
  investigation: { rootCause: string; responsibility: string },
): Promise<void> {
  const investigationForm = form(page, 'Record the investigation');
  await fill(investigationForm, 'Root cause', investigation.rootCause);
  await choose(page, investigationForm, 'Responsibility', investigation.responsibility);
  await submit(
    investigationForm,
    'Record investigation',
    timelineEntry(page, 'InvestigationRecorded'),
  );
}

export interface PlanOption {
  kind: string;
  tier: number;
  amount?: string;
}

/** Fills the plan form's options (adding rows as needed) without submitting it. */
export async function fillPlan(page: Page, options: PlanOption[]): Promise<Locator> {
  const planForm = form(page, 'Propose a remedy plan');
  for (const [i, option] of options.entries()) {
    const group = planForm.getByRole('group', { name: `Option ${i + 1}`, exact: true });
    if ((await group.count()) === 0) {
      await planForm.getByRole('button', { name: 'Add option' }).click();
    }
    await choose(page, group, 'Remedy', option.kind);
    await fill(group, 'Tier', String(option.tier));
    if (option.amount !== undefined) await fill(group, 'Amount', option.amount);
  }
  return planForm;
}

export async function proposePlan(page: Page, options: PlanOption[]): Promise<void> {
  const planForm = await fillPlan(page, options);
  await submit(planForm, 'Propose plan', timelineEntry(page, 'RemedyProposed'));
}

/** The approver approves the case's plan from the approvals inbox. */
export async function approveInInbox(
  page: Page,
  consoleUrl: string,
  complaintId: string,
  note = 'Within policy.',
): Promise<void> {
  await page.goto(`${consoleUrl}/approvals`);
  const row = page.locator(`tr[data-case="${complaintId}"]`);
  await refreshUntil(page, async () => (await row.count()) > 0, {
    description: 'the plan in the approvals inbox',
    timeoutMs: 30_000,
    intervalMs: 1000,
  });
  await row.getByRole('button', { name: 'Review the plan' }).click();
  const approval = form(page, 'Approve or reject the plan');
  await fill(approval, 'Note', note);
  await submit(approval, 'Approve', page.getByTestId('approval-decided'));
  await row.waitFor({ state: 'detached' });
}

export async function recordCustomerDecision(page: Page, optionLabel: string): Promise<void> {
  const decision = form(page, 'The customer’s decision');
  await decision.getByLabel('Accepted an option').check();
  await choose(page, decision, 'Option chosen', optionLabel);
  await submit(decision, 'Record decision', timelineEntry(page, 'RemedyAccepted'));
}

export async function scheduleAction(
  page: Page,
  action: { description: string; withinDays: number },
): Promise<void> {
  const actionForm = form(page, 'Schedule an action');
  await fill(actionForm, 'Action', action.description);
  await fill(actionForm, 'Or due within days', String(action.withinDays));
  await submit(actionForm, 'Schedule action', timelineEntry(page, 'ActionScheduled'));
}

export async function completeAction(page: Page, description: string, note: string) {
  const completion = page.getByRole('form', { name: `Complete: ${description}` });
  await fill(completion, 'Completion note', note);
  await submit(completion, 'Complete', timelineEntry(page, 'ActionCompleted'));
}

export async function resolveCase(page: Page, summary: string): Promise<void> {
  const resolution = form(page, 'Resolve the case');
  await fill(resolution, 'Summary of the resolution', summary);
  await submit(resolution, 'Resolve', timelineEntry(page, 'ComplaintResolved'));
}

/**
 * A triaged complaint worked to `resolved` through the console, as its department works it: the
 * agent assigns it to themself, contacts the customer, records the investigation and proposes a
 * plan; the approver (the department head, who approves a general complaint's plan by the default
 * approval matrix) approves it in the approvals inbox; the agent offers it, records the
 * customer's choice, schedules and completes the action and resolves the case. Leaves the agent
 * signed in on the case page.
 */
export async function resolveThroughConsole(
  page: Page,
  consoleUrl: string,
  complaintId: string,
  people: { agent: Staff; approver: Staff },
): Promise<void> {
  await signInAs(page, consoleUrl, people.agent);
  await openCase(page, consoleUrl, complaintId);
  await assignTo(page, people.agent.sub);
  await recordContact(page, { channel: 'Phone', summary: 'Called the customer back.' });
  await recordInvestigation(page, {
    rootCause: 'The order was handled without a callback.',
    responsibility: 'The company',
  });
  await proposePlan(page, [{ kind: 'Apology', tier: 1 }]);
  await signInAs(page, consoleUrl, people.approver, '/approvals');
  await approveInInbox(page, consoleUrl, complaintId);
  await signInAs(page, consoleUrl, people.agent);
  await openCase(page, consoleUrl, complaintId);
  await recordContact(page, { channel: 'Phone', summary: 'Offered the plan.', offer: true });
  await recordCustomerDecision(page, 'Apology · option-1');
  await scheduleAction(page, { description: 'Send the written apology', withinDays: 1 });
  await completeAction(page, 'Send the written apology', 'Sent.');
  await resolveCase(page, 'Apologised; the customer accepted.');
}
