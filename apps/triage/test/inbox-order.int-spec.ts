import { randomUUID } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { FixedClock } from '@redress/business-time';
import { deadLetterTopic, retryTopic, TOPICS, type CloudEvent } from '@redress/contracts';
import { createKafka, parseBrokers, replayDeadLetters } from '@redress/messaging';
import {
  TopicReader,
  createTopics,
  deleteTopics,
  ensureTestInfra,
  serviceDbUrl,
  testConfig,
  uniqueName,
  waitFor,
} from '@redress/testing';
import { SWEEP_PAGE_SIZE } from '../src/application/hot-topics/hot-topic-sweeps';
import { TRIAGE_PG_POOL } from '../src/application/tokens';
import { SUBSCRIBED_TOPICS } from '../src/messaging/triage-messaging';
import { migrate } from '../src/persistence/data-source';
import { aCustomerRef, envelope, hotTopic, registered, Upstream } from './inbound';
import {
  dataOf,
  of,
  startTriage,
  startTriageFromNow,
  sweepFinished,
  type RunningTriage,
} from './triage-app';

jest.setTimeout(120_000);

// Monday 23 November 2026, 10:00 in Shanghai: a working day.
const clock = new FixedClock('2026-11-23T02:00:00.000Z');
const group = uniqueName('triage-order');
const upstream = new Upstream();
let triage: RunningTriage | undefined;
let reader: TopicReader;
let dlqReader: TopicReader;

beforeAll(async () => {
  ({ triage, reader } = await startTriageFromNow(clock, group));
  dlqReader = await TopicReader.start(deadLetterTopic(group), { topicTimeoutMs: 30_000 });
}, 120_000);

afterAll(async () => {
  await triage?.app.close();
  await reader?.stop();
  await dlqReader?.stop();
  await upstream.close();
  await deleteTopics([deadLetterTopic(group), retryTopic(group)]);
});

const pool = () => triage!.app.get<Pool>(TRIAGE_PG_POOL);

function register(overrides: Partial<Parameters<typeof registered>[0]> = {}) {
  return registered({ registeredAt: clock.now().toISOString(), ...overrides });
}

/** An event as another service publishes it, stamped with its own time. */
function at<T>(event: CloudEvent<string, T>, minutesAfterNow: number): CloudEvent<string, T> {
  event.time = new Date(clock.now().getTime() + minutesAfterNow * 60_000).toISOString();
  return event;
}

function lawsuitFiled(event: ReturnType<typeof register>, streamversion = 3): CloudEvent {
  const id = event.data.complaintId;
  return envelope(
    '/redress/intake',
    'ComplaintAmended',
    id,
    {
      complaintId: id,
      amendedAt: clock.now().toISOString(),
      changes: { flags: { ...event.data.flags, lawsuitFiled: true } },
      changedFields: ['flags'],
    },
    streamversion,
  );
}

function lifecycle(
  topic: 'resolution' | 'followup',
  type: 'ComplaintResolved' | 'ComplaintClosed' | 'ComplaintReopened',
  complaintId: string,
  minutesAfterNow: number,
  streamversion: number,
): CloudEvent {
  const when = new Date(clock.now().getTime() + minutesAfterNow * 60_000).toISOString();
  const field = { ComplaintResolved: 'resolvedAt', ComplaintClosed: 'closedAt' }[
    type as 'ComplaintResolved' | 'ComplaintClosed'
  ];
  const data = { complaintId, [field ?? 'reopenedAt']: when };
  return at(envelope(`/redress/${topic}`, type, complaintId, data, streamversion), minutesAfterNow);
}

async function lifecycleOf(db: Pool, complaintId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ lifecycle: string }>(
    'SELECT lifecycle FROM triage.complaints WHERE complaint_id = $1',
    [complaintId],
  );
  return rows[0]?.lifecycle;
}

/** Runs `sql` as the database's administrator, for a test that must break something on purpose. */
function asAdmin(sql: string): Promise<void> {
  return runAs(testConfig().testDatabaseAdminUrl, sql);
}

async function runAs(url: string, sql: string, values: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql, values);
  } finally {
    await client.end();
  }
}

describe('nothing dropped', () => {
  it('keeps an amendment that arrives while its registration waits in the dead-letter topic, and applies it once the registration is replayed', async () => {
    const event = register();
    const id = event.data.complaintId;
    const refuse = `triage.refuse_${id.replace(/-/g, '')}`;
    // A fault that hits this complaint only: every try of its registration fails, it is
    // dead-lettered, and the partition moves on.
    await asAdmin(`
      CREATE FUNCTION ${refuse}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.complaint_id = '${id}' THEN RAISE EXCEPTION 'the test refuses this complaint'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_${id.replace(/-/g, '')} BEFORE INSERT OR UPDATE ON triage.complaints
        FOR EACH ROW EXECUTE FUNCTION ${refuse}();`);
    try {
      await upstream.publish(TOPICS.intake, [event]);
      const [dead] = await dlqReader.waitForMessages(of(id), 1, 60_000);
      expect(dead!.headers['x-dlq-error']).toMatch(/refuses this complaint/);
    } finally {
      await asAdmin(`DROP FUNCTION ${refuse}() CASCADE`);
    }

    // The cause is fixed; the customer files a lawsuit before anyone replays the registration.
    const amendment = lawsuitFiled(event);
    await upstream.publish(TOPICS.intake, [amendment]);
    await waitFor(
      async () =>
        (
          await pool().query('SELECT 1 FROM triage.parked_events WHERE event_id = $1', [
            amendment.id,
          ])
        ).rowCount === 1,
      { description: 'the amendment to be parked', timeoutMs: 30_000 },
    );
    expect(reader.messages.filter(of(id))).toHaveLength(0);

    const kafka = createKafka({
      brokers: parseBrokers(testConfig().kafkaBrokers),
      clientId: uniqueName('triage-test-replay'),
      topicPrefix: testConfig().topicPrefix,
      logger: () => undefined,
    });
    expect(await replayDeadLetters(kafka, group)).toMatchObject({ replayed: 1, skipped: [] });

    const [triaged] = await reader.waitForMessages(of(id, 'ComplaintTriaged'), 1, 30_000);
    const [escalated] = await reader.waitForMessages(of(id, 'ComplaintEscalated'), 1, 30_000);
    expect(dataOf(triaged!)).toMatchObject({ escalationClass: 'general' });
    expect(dataOf(escalated!)).toMatchObject({ from: 'general', to: 'major' });
    const { rows } = await pool().query(
      'SELECT count(*)::int AS n FROM triage.parked_events WHERE complaint_id = $1',
      [id],
    );
    expect(rows[0].n).toBe(0);
  });

  it('dead-letters an event whose Kafka key is not the complaint it is about', async () => {
    const event = register();
    const stranger = randomUUID();
    event.subject = stranger; // the publisher keys by subject
    await upstream.publish(TOPICS.intake, [event]);
    const [dead] = await dlqReader.waitForMessages(of(stranger), 1, 30_000);
    expect(dead!.headers['x-dlq-error-type']).toBe('PoisonMessage');
    expect(dead!.headers['x-dlq-error']).toContain(`about complaint ${event.data.complaintId}`);
    expect(await lifecycleOf(pool(), event.data.complaintId)).toBeUndefined();
  });
});

describe('a cluster needs a concrete shared subject', () => {
  const service = (staffId?: string) =>
    register({
      subject: { type: 'staff', ...(staffId ? { staffId } : {}) },
      description: '客服态度恶劣，挂我电话',
      customer: { customerRef: aCustomerRef() },
    });

  it('never clusters complaints that share only a type and a category, and does cluster three about one staff member', async () => {
    const unrelated = [service(), service(), service()];
    const staffId = `E-${randomUUID().slice(0, 6)}`;
    const aboutOne = [service(staffId), service(staffId), service(staffId)];
    await upstream.publish(TOPICS.intake, [...unrelated, ...aboutOne]);
    const decided = new Map<string, string>();
    for (const event of [...unrelated, ...aboutOne]) {
      const [triaged] = await reader.waitForMessages(
        of(event.data.complaintId, 'ComplaintTriaged'),
      );
      decided.set(event.data.complaintId, dataOf<{ category: string }>(triaged!).category);
    }
    // The three unrelated ones share type and category, which used to make them a cluster.
    expect(new Set(unrelated.map((e) => decided.get(e.data.complaintId))).size).toBe(1);
    await triage!.messaging.drain({ timeoutMs: 10_000 });
    const classes = async (events: Array<ReturnType<typeof service>>) => {
      const { rows } = await pool().query<{ escalation_rank: number; cluster_key: string | null }>(
        'SELECT escalation_rank, cluster_key FROM triage.complaints WHERE complaint_id = ANY($1)',
        [events.map((e) => e.data.complaintId)],
      );
      return rows;
    };
    await waitFor(async () => (await classes(aboutOne)).every((r) => r.escalation_rank > 0), {
      description: 'the three complaints about one staff member to become hot',
    });
    for (const row of await classes(unrelated)) {
      expect(row).toEqual({ escalation_rank: 0, cluster_key: null });
    }
    const clustered = await classes(aboutOne);
    expect(new Set(clustered.map((r) => r.cluster_key))).toEqual(
      new Set([`staff:staffId:${staffId.toLowerCase()}`]),
    );
  });
});

describe('hot topics over thousands of open complaints', () => {
  it('re-assesses 2,000 members in short pages, each its own transaction', async () => {
    const sku = `SKU-CRISIS-${randomUUID().slice(0, 6)}`;
    // One customer: thousands of complaints about one SKU that are not a cluster of complainants.
    const customerRef = aCustomerRef();
    const members = Array.from({ length: 2_000 }, () =>
      register({ subject: { type: 'product', productSku: sku }, customer: { customerRef } }),
    );
    const ids = members.map((m) => m.data.complaintId);
    for (let i = 0; i < members.length; i += 500) {
      await upstream.publish(TOPICS.intake, members.slice(i, i + 500));
    }
    await waitFor(
      async () =>
        (
          await pool().query<{ n: number }>(
            'SELECT count(*)::int AS n FROM triage.complaints WHERE complaint_id = ANY($1) AND decision IS NOT NULL',
            [ids],
          )
        ).rows[0]!.n === ids.length,
      { description: '2,000 complaints to be triaged', timeoutMs: 180_000, intervalMs: 500 },
    );

    const detected = hotTopic({
      topicId: `topic-${sku}`,
      detectedAt: clock.now().toISOString(),
      subjectType: 'product',
      productSku: sku,
      complaintCount: ids.length,
    });
    await upstream.publish(TOPICS.analytics, [detected]);
    await sweepFinished(triage!, detected.id, { timeoutMs: 180_000, intervalMs: 500 });

    const { rows: escalations } = await pool().query<{ stream_id: string; tx: string }>(
      `SELECT stream_id, transaction_id::text AS tx FROM triage.events
        WHERE type = 'ComplaintEscalated' AND stream_id = ANY($1)`,
      [ids],
    );
    expect(new Set(escalations.map((e) => e.stream_id)).size).toBe(ids.length);
    const perTransaction = new Map<string, number>();
    for (const { tx } of escalations) perTransaction.set(tx, (perTransaction.get(tx) ?? 0) + 1);
    expect(perTransaction.size).toBeGreaterThanOrEqual(ids.length / SWEEP_PAGE_SIZE);
    expect(Math.max(...perTransaction.values())).toBeLessThanOrEqual(SWEEP_PAGE_SIZE);
    const { rows: sweep } = await pool().query(
      'SELECT reassessed FROM triage.hot_topic_sweeps WHERE event_id = $1',
      [detected.id],
    );
    expect(sweep[0].reassessed).toBe(ids.length);
    // No dead letter for its size.
    expect(dlqReader.messages.filter((m) => m.key === detected.subject)).toHaveLength(0);

    // Leave nothing for the next test: other tests move the clock past these complaints' age
    // timers, which would then fire by the thousand.
    await asAdmin(
      `DELETE FROM triage.timers WHERE payload->>'complaintId' IN (${ids.map((id) => `'${id}'`).join(',')})`,
    );
  });
});

describe('lifecycle facts from several topics', () => {
  it('merges them by their own order, so a replay of every topic from offset 0 into an empty triage gives the state of the live one', async () => {
    // A namespace of its own, so the replay reads this scenario and nothing else.
    const namespace = `${testConfig().topicPrefix}rebuild-${randomUUID().slice(0, 8)}.`;
    const rebuildDb = 'redress_test_rebuild';
    const scoped = { topicPrefix: namespace };
    await createTopics([...SUBSCRIBED_TOPICS, TOPICS.triage], { partitions: 3, ...scoped });
    const live = await startTriage({ clock, env: { KAFKA_TOPIC_PREFIX: namespace } });
    let rebuilt: RunningTriage | undefined;
    const publisher = new Upstream(namespace);
    try {
      const resolvedThenClosed = register();
      const closedThenStaleReopen = register();
      const amendedEarly = register();
      const withdrawn = register();
      const a = resolvedThenClosed.data.complaintId;
      const b = closedThenStaleReopen.data.complaintId;
      const c = amendedEarly.data.complaintId;
      const d = withdrawn.data.complaintId;
      // The amendment of c comes before its registration: parked, then applied.
      await publisher.publish(TOPICS.intake, [
        resolvedThenClosed,
        closedThenStaleReopen,
        lawsuitFiled(amendedEarly),
        amendedEarly,
        withdrawn,
      ]);
      const liveDb = live.app.get<Pool>(TRIAGE_PG_POOL);
      await waitFor(
        async () =>
          (
            await liveDb.query(
              'SELECT count(*)::int AS n FROM triage.complaints WHERE complaint_id = ANY($1) AND decision IS NOT NULL',
              [[a, b, c, d]],
            )
          ).rows[0].n === 4,
        { description: 'the four complaints to be triaged', timeoutMs: 60_000 },
      );
      // Arrival order differs from event order: a's closure arrives before its resolution,
      // b's reopening (older) after its closure.
      await publisher.publish(TOPICS.followup, [
        lifecycle('followup', 'ComplaintClosed', a, 120, 2),
        lifecycle('followup', 'ComplaintClosed', b, 240, 3),
        lifecycle('followup', 'ComplaintReopened', b, 180, 2),
      ]);
      await publisher.publish(TOPICS.resolution, [
        lifecycle('resolution', 'ComplaintResolved', a, 60, 5),
      ]);
      await publisher.publish(TOPICS.intake, [
        at(
          envelope(
            '/redress/intake',
            'ComplaintWithdrawn',
            d,
            {
              complaintId: d,
              withdrawnAt: clock.now().toISOString(),
            },
            3,
          ),
          30,
        ),
      ]);
      const expected = { [a]: 'closed', [b]: 'closed', [c]: 'open', [d]: 'withdrawn' };
      await waitFor(
        async () => {
          for (const [id, state] of Object.entries(expected)) {
            if ((await lifecycleOf(liveDb, id)) !== state) return false;
          }
          return true;
        },
        { description: 'the live triage to merge the lifecycle facts', timeoutMs: 60_000 },
      );
      await live.messaging.drain({ timeoutMs: 20_000 });

      // An empty triage of its own database reads every topic of the namespace from offset 0.
      // Empty, and deciding by the live one's policy: the database is made anew each run and
      // given the live triage's current policy before it starts.
      await runAs(
        testConfig().databaseAdminUrl,
        `DROP DATABASE IF EXISTS ${rebuildDb} WITH (FORCE)`,
      );
      await ensureTestInfra({ database: rebuildDb });
      const rebuildUrl = serviceDbUrl('triage', { db: rebuildDb });
      await migrate(rebuildUrl);
      const { rows: policies } = await liveDb.query<{ policy: unknown }>(
        'SELECT policy FROM triage.policies ORDER BY version DESC LIMIT 1',
      );
      await runAs(
        rebuildUrl,
        `INSERT INTO triage.policies (version, policy, changed_by, changed_at)
         VALUES (1, $1, 'test', now())`,
        [JSON.stringify(policies[0]!.policy)],
      );
      rebuilt = await startTriage({
        clock,
        env: {
          KAFKA_TOPIC_PREFIX: namespace,
          TRIAGE_CONSUMER_GROUP: 'triage-rebuild',
          DATABASE_URL: rebuildUrl,
        },
      });
      const rebuiltDb = rebuilt.app.get<Pool>(TRIAGE_PG_POOL);
      const ids = [a, b, c, d];
      const stateOf = (db: Pool) => triageState(db, ids);
      const liveState = await stateOf(liveDb);
      expect(liveState.complaints.map((r) => r['lifecycle'])).toEqual(
        ids.map((id) => expected[id]),
      );
      await waitFor(
        async () => JSON.stringify(await stateOf(rebuiltDb)) === JSON.stringify(liveState),
        { description: 'the rebuilt triage to reach the live state', timeoutMs: 60_000 },
      ).catch(() => undefined);
      expect(await stateOf(rebuiltDb)).toEqual(liveState);
    } finally {
      await rebuilt?.app.close();
      await live.app.close();
      await publisher.close();
      await deleteTopics(
        [...SUBSCRIBED_TOPICS, TOPICS.triage].flatMap((t) => [t]),
        scoped,
      );
      await deleteTopics(
        ['triage', 'triage-rebuild'].flatMap((g) => [deadLetterTopic(g), retryTopic(g)]),
        scoped,
      );
    }
  });
});

/**
 * What triage knows of some complaints, and what it said about them, without row timestamps and
 * policy version numbers: versions count the policy edits of one database (the live test
 * database has seen other tests' edits), while the rules are the same.
 */
async function triageState(db: Pool, ids: string[]) {
  const { rows: complaints } = await db.query<Record<string, unknown>>(
    `SELECT complaint_id, lifecycle, cluster_key, subject_key, escalation_rank, department,
            needs_review, facts, decision, stream_version
       FROM triage.complaints WHERE complaint_id = ANY($1) ORDER BY array_position($1, complaint_id)`,
    [ids],
  );
  const { rows: events } = await db.query<Record<string, unknown>>(
    `SELECT stream_id, stream_version, type, data FROM triage.events
      WHERE stream_id = ANY($1) ORDER BY array_position($1, stream_id), stream_version`,
    [ids],
  );
  return withoutPolicyVersions({ complaints, events });
}

function withoutPolicyVersions<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (key, field: unknown) => (key === 'policyVersion' ? undefined : field)),
  ) as T;
}
