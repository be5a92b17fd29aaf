import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TOPICS, deadLetterTopic, retryTopic } from '@redress/contracts';
import { signDevelopmentToken } from '@redress/platform';
import {
  TopicReader,
  createTopics,
  deleteTopics,
  ensureTestInfra,
  namespaceTopics,
  readTopicsToEnd,
  serviceDbUrl,
  startGroupAtEnd,
  testConfig,
  uniqueName,
  waitForGroupCaughtUp,
} from '@redress/testing';
import { CompiledService, buildServices } from './compiled-service';

/**
 * Issue 10: personal data stays in intake. Intake and triage run as deployed (compiled, each in
 * a process of its own, logging at debug level). Complaints name their customers — names, phones
 * in several formats, e-mails, enterprise ids — in every field that takes text; triage handles
 * them all. Then every record of every topic of the namespace (dead-letter and retry topics
 * included) is read from offset 0, every row of every table of the database (intake's own
 * included: there the data may only be encrypted), and every line both services printed: no
 * identifier appears in any of them, in any normalised form (NFKC, lower case, digits only).
 */

// A namespace of its own: the compiled triage must not route other test files' complaints (their
// departments would change under them), and the scan reads this namespace's every topic.
const kafka = { topicPrefix: `${testConfig().topicPrefix}leak.` };
// Consumed by triage; its group starts at their end, so it handles only this test's events.
const TRIAGE_READS = [TOPICS.intake, TOPICS.resolution, TOPICS.followup, TOPICS.analytics];
const group = uniqueName('privacy-triage');
// Intake consumes triage's topic for the routing, and resolution's and follow-up's for the
// status page; it too reads only this test's events.
const INTAKE_READS = [TOPICS.triage, TOPICS.resolution, TOPICS.followup];
const intakeGroup = uniqueName('privacy-intake');
const secret = randomBytes(32).toString('base64url');
const token = (roles: string[], department?: string) =>
  signDevelopmentToken({
    sub: `privacy-${roles.join('-')}`,
    roles,
    ...(department ? { department } : {}),
    secret,
    expiresIn: '15m',
  });
const channel = token(['channel'], 'customer-service');
// Staff who follow the complaints wherever triage routes them (a receiving department's agent
// keeps only a hand-over once the routing arrives, which may be before the test reads).
const agent = token(['supervisor'], 'customer-service');
const admin = token(['admin']);

let intake: CompiledService | undefined;
let triage: CompiledService | undefined;
let triaged: TopicReader | undefined;

beforeAll(async () => {
  await ensureTestInfra();
  buildServices('@redress/intake', '@redress/triage');
  await createTopics([...TRIAGE_READS, TOPICS.triage], { partitions: 3, ...kafka });
  await startGroupAtEnd(group, TRIAGE_READS, kafka);
  await startGroupAtEnd(intakeGroup, INTAKE_READS, kafka);
  triaged = await TopicReader.start(TOPICS.triage, { startAt: 'end', ...kafka });
  const common = {
    NODE_ENV: 'test',
    KAFKA_BROKERS: testConfig().kafkaBrokers,
    KAFKA_TOPIC_PREFIX: kafka.topicPrefix,
    AUTH_JWT_SECRET: secret,
    LOG_LEVEL: 'debug',
  };
  intake = await CompiledService.start('intake', {
    ...common,
    DATABASE_URL: serviceDbUrl('intake'),
    INTAKE_DATA_KEY: randomBytes(32).toString('base64'),
    INTAKE_CUSTOMER_REF_KEY: randomBytes(32).toString('base64'),
    INTAKE_ACCESS_CODE_KEY: randomBytes(32).toString('base64'),
    INTAKE_CONSUMER_GROUP: intakeGroup,
  });
  triage = await CompiledService.start('triage', {
    ...common,
    DATABASE_URL: serviceDbUrl('triage'),
    TRIAGE_CONSUMER_GROUP: group,
    TRIAGE_TIMER_POLL_MS: '200',
  });
}, 300_000);

afterAll(async () => {
  await intake?.stop();
  await triage?.stop();
  await triaged?.stop();
  await deleteTopics([deadLetterTopic(group), retryTopic(group)], kafka);
});

/** Random digits: identifiers no earlier run used. */
const digits = (n: number) => Array.from({ length: n }, () => String(randomInt(10))).join('');
const fullWidth = (text: string) =>
  text.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
/** Characters of given names, drawn at random: no word of the triage policy or of other tests. */
const hanName = (n: number) =>
  Array.from({ length: n }, () => '淼燚垚犇骉鑫焱磊晶森'[randomInt(10)]).join('');
const latinWord = () =>
  Array.from({ length: 7 }, (_, i) => {
    const letter = 'bcdfghjklmnpqrstvwxz'[randomInt(20)] ?? 'b';
    return i === 0 ? letter.toUpperCase() : letter;
  }).join('');

const tag = randomUUID().slice(0, 8);
const mobile = `13${digits(9)}`;
const a = {
  name: `欧阳${hanName(3)}`,
  phone: `+86 ${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`,
  national: mobile,
  email: `oy.${tag}@example.cn`,
  newEmail: `oy.new.${tag}@example.cn`,
  externalId: `VIP-${tag.toUpperCase()}`,
};
const bPhone = `4${digits(9)}`;
const b = {
  name: `${latinWord()} ${latinWord()}`,
  phone: bPhone,
  email: `qv.${tag}@example.org`,
};
const c = { name: hanName(3), externalId: `6222${digits(12)}`, email: `card.${tag}@example.net` };

/** The forms in which each identifier must never appear outside intake. */
const IDENTIFIERS: Array<{ label: string; text?: string; digits?: string }> = [
  { label: 'A name', text: a.name },
  { label: 'A phone', digits: a.national },
  { label: 'A e-mail', text: a.email },
  { label: 'A new e-mail', text: a.newEmail },
  { label: 'A e-mail local part', text: `oy.${tag}` },
  { label: 'A external id', text: a.externalId },
  { label: 'B name', text: b.name },
  ...b.name.split(' ').map((part) => ({ label: `B name part ${part}`, text: part })),
  { label: 'B phone', digits: b.phone },
  { label: 'B e-mail', text: b.email },
  { label: 'C name', text: c.name },
  { label: 'C external id', digits: c.externalId },
  { label: 'C e-mail', text: c.email },
];

const normalised = (text: string) => text.normalize('NFKC').toLowerCase();

/** The identifiers found in one string. */
function identifiersIn(text: string): string[] {
  const lower = normalised(text);
  const onlyDigits = lower.replace(/\D/g, '');
  return IDENTIFIERS.filter(
    (id) =>
      (id.text !== undefined && lower.includes(normalised(id.text))) ||
      (id.digits !== undefined && onlyDigits.includes(id.digits)),
  ).map((id) => id.label);
}

/** The identifiers found in any string or number of a JSON value (each leaf on its own). */
function identifiersInValue(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string' || typeof value === 'number') {
    for (const label of identifiersIn(String(value))) found.add(label);
  } else if (Array.isArray(value)) {
    for (const item of value) identifiersInValue(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) identifiersInValue(item, found);
  }
  return found;
}

/** A text that is JSON is searched leaf by leaf; any other text as a whole. */
function identifiersInText(text: string): Set<string> {
  try {
    return identifiersInValue(JSON.parse(text) as unknown);
  } catch {
    // Not JSON (a plain log line): searched as one string.
    return new Set(identifiersIn(text));
  }
}

async function call(method: string, path: string, as: string, body?: unknown) {
  const res = await fetch(`${intake!.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${as}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as never };
}

const sha = () => randomBytes(32).toString('hex');

it('lets no name, phone, e-mail or customer id reach a topic, a table outside intake, a clear column of intake or a log line', async () => {
  const aBody = {
    channel: 'hotline',
    customer: { name: a.name, phone: a.phone, email: a.email, externalId: a.externalId },
    subject: { type: 'product', productSku: `SKU-${tag}`, purchaseChannel: `${a.name}的小店` },
    title: `${a.name} ${a.national.slice(0, 3)}-${a.national.slice(3, 7)}-${a.national.slice(7)}`,
    description:
      `我是${a.name}，买的酸奶里有异物。电话${fullWidth(a.national)}，邮箱 oy.${tag}＠example.cn，` +
      `会员号 ${a.externalId.toLowerCase()}，或者打 (+86)${a.national.slice(0, 3)} ${a.national.slice(3)}`,
    attachments: [
      { name: `${a.name}-身份证-${a.national}.jpg`, sha256: sha(), url: 'https://files.example/1' },
    ],
  };
  const registered = await call('POST', '/complaints', channel, aBody);
  expect(registered.status).toBe(201);
  const aId = (registered.body as { complaintId: string }).complaintId;
  expect(
    (
      await call('POST', `/complaints/${aId}/amendments`, agent, {
        customer: { email: a.newEmail },
        title: `请发邮件到 ${a.newEmail}`,
        attachments: [{ name: `${a.newEmail}.png`, sha256: sha(), url: 'https://files.example/2' }],
        reason: `${a.name}来电更正，原邮箱 ${a.email}，电话 ${a.phone}`,
      })
    ).status,
  ).toBe(200);
  const duplicate = await call('POST', '/complaints', channel, {
    ...aBody,
    description: `${a.name}又来投诉了，电话 ${a.national}`,
  });
  expect(duplicate.status).toBe(200);

  const bRegistered = await call('POST', '/complaints', channel, {
    channel: 'email',
    customer: { name: b.name, email: b.email },
    subject: { type: 'service' },
    title: `${b.name.split(' ')[1]} complains`,
    description:
      `My name is ${b.name}. The technician never came. Call me at ` +
      `(${b.phone.slice(0, 3)}) ${b.phone.slice(3, 6)}-${b.phone.slice(6)} or mail ${b.email.replace('@', ' @ ')}.`,
    language: 'en',
  });
  expect(bRegistered.status).toBe(201);
  const bId = (bRegistered.body as { complaintId: string }).complaintId;
  expect(
    (
      await call('POST', `/complaints/${bId}/withdrawal`, agent, {
        reason: `${b.name.split(' ')[0]} wrote from ${b.email}: solved, call ${b.phone}`,
      })
    ).status,
  ).toBe(200);

  const cRegistered = await call('POST', '/complaints', channel, {
    channel: 'store',
    customer: { name: c.name, email: c.email, externalId: c.externalId },
    subject: { type: 'billing' },
    description: `${c.name}的会员卡 ${c.externalId.replace(/(\d{4})(?=\d)/g, '$1 ')} 被重复扣款两次`,
  });
  expect(cRegistered.status).toBe(201);
  const cId = (cRegistered.body as { complaintId: string }).complaintId;

  // Refused requests are no way out either: a 400 and its log line name no one.
  const refused = await call('POST', '/complaints', channel, {
    ...aBody,
    customer: { ...aBody.customer, phone: `call ${a.national}` },
  });
  expect(refused.status).toBe(400);

  // Triage has handled every event: decided each complaint, consumed everything after.
  await triaged!.waitForMessages(
    (m) =>
      (m.json as { type?: string }).type === 'ComplaintTriaged' &&
      [aId, bId, cId].includes(m.key ?? ''),
    3,
    60_000,
  );
  await waitForGroupCaughtUp(group, TRIAGE_READS, kafka);

  // The scan finds what it looks for: an agent's view holds the contacts in clear.
  const view = await call('GET', `/complaints/${aId}`, agent);
  expect([...identifiersInValue(view.body)].sort()).toEqual(
    expect.arrayContaining(['A name', 'A phone', 'A new e-mail', 'A external id']),
  );
  expect([...identifiersInText(JSON.stringify(aBody))]).toContain('A e-mail local part');
  // Erasure is logged too (by customerRef).
  expect((await call('POST', '/customers/erasure', admin, { emails: [c.email] })).status).toBe(200);

  // Every line both services printed is complete once they have stopped.
  await intake!.stop();
  await triage!.stop();

  const leaks: string[] = [];
  const ours = new Set([aId, bId, cId]);

  const topics = await namespaceTopics(kafka);
  expect(topics).toEqual(expect.arrayContaining([TOPICS.intake, TOPICS.triage, retryTopic(group)]));
  let ourRecords = 0;
  const records = await readTopicsToEnd(
    topics,
    (m) => {
      if (m.key !== null && ours.has(m.key)) ourRecords += 1;
      const found = new Set([
        ...identifiersInText(m.value ?? ''),
        ...identifiersIn(m.key ?? ''),
        ...identifiersInValue(m.headers),
      ]);
      for (const label of found) leaks.push(`${label} in ${m.topic} @${m.partition}:${m.offset}`);
    },
    kafka,
  );
  // Registered, acknowledged, amended, linked (A); registered, acknowledged, withdrawn (B);
  // registered, acknowledged (C); and triage's decisions.
  expect(ourRecords).toBeGreaterThanOrEqual(9 + 3);
  expect(records).toBeGreaterThanOrEqual(ourRecords);

  const db = new Client({ connectionString: testConfig().testDatabaseAdminUrl });
  await db.connect();
  const tablesWithOurs = new Set<string>();
  try {
    const { rows: tables } = await db.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
        ORDER BY 1, 2`,
    );
    for (const table of tables) {
      const ident = `"${table.schema.replace(/"/g, '""')}"."${table.name.replace(/"/g, '""')}"`;
      const { rows } = await db.query<{ row: unknown }>(
        `SELECT to_jsonb(t) AS row FROM ${ident} t`,
      );
      for (const { row } of rows) {
        const text = JSON.stringify(row);
        if ([...ours].some((id) => text.includes(id)))
          tablesWithOurs.add(`${table.schema}.${table.name}`);
        for (const label of identifiersInValue(row)) leaks.push(`${label} in ${ident}`);
      }
    }
  } finally {
    await db.end();
  }
  expect([...tablesWithOurs]).toEqual(
    expect.arrayContaining([
      'intake.events',
      'intake.complaints',
      'intake.customer_contacts',
      'triage.complaints',
      'triage.events',
    ]),
  );

  const lines = `${intake!.printed}\n${triage!.printed}`.split('\n').filter(Boolean);
  expect(lines.some((line) => line.includes('contacts read'))).toBe(true);
  expect(lines.some((line) => line.includes('customer erased'))).toBe(true);
  for (const [index, line] of lines.entries()) {
    for (const label of identifiersInText(line)) leaks.push(`${label} in log line ${index + 1}`);
  }

  expect(leaks).toEqual([]);
}, 300_000);
