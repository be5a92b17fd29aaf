import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { FixedClock } from '@redress/business-time';
import {
  deadLetterTopic,
  retryTopic,
  TOPICS,
  type CloudEvent,
  type ComplaintRegisteredData,
  type HotTopicDetectedData,
} from '@redress/contracts';
import {
  deleteTopics,
  TopicReader,
  uniqueName,
  waitFor,
  waitForGroupCaughtUp,
} from '@redress/testing';
import { TRIAGE_PG_POOL } from '../src/application/tokens';
import { aCustomerRef, envelope, hotTopic, registered, Upstream } from './inbound';
import { dataOf, of, startTriageFromNow, sweepFinished, type RunningTriage } from './triage-app';

jest.setTimeout(90_000);

// Monday 23 November 2026, 10:00 in Shanghai: a working day.
const clock = new FixedClock('2026-11-23T02:00:00.000Z');
const group = uniqueName('triage-hot-topics');
const upstream = new Upstream();
let triage: RunningTriage | undefined;
let reader: TopicReader;

beforeAll(async () => {
  ({ triage, reader } = await startTriageFromNow(clock, group));
}, 120_000);

afterAll(async () => {
  await triage?.app.close();
  await reader?.stop();
  await upstream.close();
  await deleteTopics([deadLetterTopic(group), retryTopic(group)]);
});

const pool = () => triage!.app.get<Pool>(TRIAGE_PG_POOL);

type Subject = ComplaintRegisteredData['subject'];
type Registered = ReturnType<typeof registered>;

/**
 * One customer per test: complaints about one SKU from different customers would form a cluster
 * (DOMAIN §2, ≥ 3 complainants → hot) and hide what the hot topic did.
 */
let customerRef: string;
beforeEach(() => {
  customerRef = aCustomerRef();
});

/** A complaint of this test's customer about `subject` (a SKU of its own unless given). */
function complaintAbout(subject: Partial<Subject> = {}, complaintId?: string): Registered {
  return registered({
    registeredAt: clock.now().toISOString(),
    customer: { customerRef, maskedName: '张*' },
    subject: { type: 'product', productSku: `SKU-${randomUUID().slice(0, 8)}`, ...subject },
    ...(complaintId === undefined ? {} : { complaintId }),
  });
}

/** Publishes registrations and resolves with each one's `ComplaintTriaged` data. */
async function triaged(...events: Registered[]): Promise<Array<{ escalationClass: string }>> {
  await upstream.publish(TOPICS.intake, events);
  const decisions = [];
  for (const event of events) {
    const [message] = await reader.waitForMessages(
      of(event.data.complaintId, 'ComplaintTriaged'),
      1,
      30_000,
    );
    decisions.push(dataOf<{ escalationClass: string }>(message!));
  }
  return decisions;
}

/** Closes a triaged complaint as follow-up does, and waits until triage knows. */
async function close(event: Registered): Promise<void> {
  const complaintId = event.data.complaintId;
  await upstream.publish(TOPICS.followup, [
    envelope('/redress/followup', 'ComplaintClosed', complaintId, {
      complaintId,
      closedAt: clock.now().toISOString(),
    }),
  ]);
  await waitFor(
    async () =>
      (
        await pool().query(
          `SELECT 1 FROM triage.complaints WHERE complaint_id = $1 AND lifecycle = 'closed'`,
          [complaintId],
        )
      ).rowCount === 1,
    { description: `complaint ${complaintId} to be closed` },
  );
}

/** Publishes a detection as analytics does and waits until its sweep has finished. */
async function detect(data: Omit<HotTopicDetectedData, 'detectedAt'>): Promise<CloudEvent> {
  const event = hotTopic({ detectedAt: clock.now().toISOString(), ...data });
  await upstream.publish(TOPICS.analytics, [event]);
  await sweepFinished(triage!, event.id);
  return event;
}

/** Whether each complaint was escalated after its triage, read once a sweep has committed. */
async function escalated(events: Registered[]): Promise<boolean[]> {
  const ids = events.map((e) => e.data.complaintId);
  const { rows } = await pool().query<{ stream_id: string }>(
    `SELECT DISTINCT stream_id FROM triage.events
      WHERE stream_id = ANY($1) AND type = 'ComplaintEscalated'`,
    [ids],
  );
  return ids.map((id) => rows.some((r) => r.stream_id === id));
}

/** The escalation a hot topic gave a complaint, as published. */
async function escalationOf(event: Registered): Promise<unknown> {
  const [message] = await reader.waitForMessages(of(event.data.complaintId, 'ComplaintEscalated'));
  return dataOf(message!);
}

const idsOf = (...events: Registered[]) => events.map((e) => e.data.complaintId).sort();

describe('a hot topic raises complaints by what it is about', () => {
  it("a store topic raises that store's open complaints and new ones from that store, no other", async () => {
    const store = `旗舰店-${randomUUID().slice(0, 8)}`;
    const otherStore = `专卖店-${randomUUID().slice(0, 8)}`;
    const open1 = complaintAbout({ purchaseChannel: store });
    const open2 = complaintAbout({ purchaseChannel: store });
    const closed = complaintAbout({ purchaseChannel: store });
    const elsewhere = complaintAbout({ purchaseChannel: otherStore });
    const noStore = complaintAbout();
    await triaged(open1, open2, closed, elsewhere, noStore);
    await close(closed);

    await detect({
      topicId: `store-${store}`,
      kind: 'store',
      key: store,
      subjectType: 'product',
      complaintCount: 3,
      members: idsOf(open1, open2, closed),
    });

    expect(await escalated([open1, open2, closed, elsewhere, noStore])).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(await escalationOf(open1)).toMatchObject({ to: 'hot' });
    const [fromStore, fromOtherStore, withoutStore] = await triaged(
      complaintAbout({ purchaseChannel: store }),
      complaintAbout({ purchaseChannel: otherStore }),
      complaintAbout(),
    );
    expect(fromStore).toMatchObject({ escalationClass: 'hot' });
    expect(fromOtherStore!.escalationClass).not.toBe('hot');
    expect(withoutStore!.escalationClass).not.toBe('hot');
  });

  it('a phrase topic raises exactly its open members, and no other complaint now or later', async () => {
    const sku = `SKU-${randomUUID().slice(0, 8)}`;
    const member1 = complaintAbout({ productSku: sku });
    const member2 = complaintAbout();
    const closedMember = complaintAbout();
    const sameSku = complaintAbout({ productSku: sku });
    const sameType = complaintAbout();
    await triaged(member1, member2, closedMember, sameSku, sameType);
    await close(closedMember);
    // Named by analytics before triage has seen it: raised when its registration arrives.
    const lateMember = complaintAbout({}, randomUUID());

    await detect({
      topicId: `phrase-${randomUUID()}`,
      kind: 'phrase',
      key: '包装破损',
      subjectType: 'product',
      complaintCount: 4,
      members: idsOf(member1, member2, closedMember, lateMember),
    });

    expect(await escalated([member1, member2, closedMember, sameSku, sameType])).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    const [late, newSameSku, newService] = await triaged(
      lateMember,
      complaintAbout({ productSku: sku }),
      complaintAbout({ type: 'service', productSku: undefined }),
    );
    expect(late).toMatchObject({ escalationClass: 'hot' });
    expect(newSameSku!.escalationClass).not.toBe('hot');
    expect(newService!.escalationClass).not.toBe('hot');
  });

  it('a product topic raises the open complaints of its SKU and new ones, as before', async () => {
    const sku = `SKU-${randomUUID().slice(0, 8)}`;
    const first = complaintAbout({ productSku: sku });
    const second = complaintAbout({ productSku: sku, purchaseChannel: '线下门店' });
    const otherSku = complaintAbout();
    await triaged(first, second, otherSku);

    await detect({
      topicId: `product-${sku}`,
      kind: 'product',
      key: sku,
      productSku: sku,
      subjectType: 'product',
      complaintCount: 2,
      members: idsOf(first, second),
    });

    expect(await escalated([first, second, otherSku])).toEqual([true, true, false]);
    const [sameSku, anotherSku] = await triaged(
      complaintAbout({ productSku: sku }),
      complaintAbout(),
    );
    expect(sameSku).toMatchObject({ escalationClass: 'hot' });
    expect(anotherSku!.escalationClass).not.toBe('hot');
  });

  it('a batch topic without members raises the open complaints of its SKU and batch, no other', async () => {
    const sku = `SKU-${randomUUID().slice(0, 8)}`;
    const batch = complaintAbout({ productSku: sku, batchNo: 'B-0917' });
    const otherBatch = complaintAbout({ productSku: sku, batchNo: 'B-0918' });
    const noBatch = complaintAbout({ productSku: sku });
    await triaged(batch, otherBatch, noBatch);

    await detect({
      topicId: `batch-${sku}`,
      kind: 'batch',
      key: `${sku}#B-0917`,
      productSku: sku,
      subjectType: 'product',
      complaintCount: 1,
    });

    expect(await escalated([batch, otherBatch, noBatch])).toEqual([true, false, false]);
    const [sameBatch, sameSkuOtherBatch] = await triaged(
      complaintAbout({ productSku: sku, batchNo: 'B-0917' }),
      complaintAbout({ productSku: sku, batchNo: 'B-0918' }),
    );
    expect(sameBatch).toMatchObject({ escalationClass: 'hot' });
    expect(sameSkuOtherBatch!.escalationClass).not.toBe('hot');
  });

  it('changes nothing when a detection is delivered again, and a cooled topic raises nothing new', async () => {
    const store = `旗舰店-${randomUUID().slice(0, 8)}`;
    const member = complaintAbout({ purchaseChannel: store });
    const other = complaintAbout({ purchaseChannel: store });
    await triaged(member, other);
    const topicId = `store-${store}`;
    const detected = await detect({
      topicId,
      kind: 'store',
      key: store,
      subjectType: 'product',
      complaintCount: 1,
      members: idsOf(member),
    });
    expect(await escalated([member, other])).toEqual([true, false]);

    await upstream.publish(TOPICS.analytics, [detected]);
    await waitForGroupCaughtUp(group, [TOPICS.analytics]);
    expect(await escalated([member, other])).toEqual([true, false]);
    const { rows: sweeps } = await pool().query(
      'SELECT reassessed FROM triage.hot_topic_sweeps WHERE topic_id = $1',
      [topicId],
    );
    expect(sweeps).toEqual([{ reassessed: 1 }]);
    const { rows: members } = await pool().query(
      'SELECT complaint_id FROM triage.hot_topic_members WHERE topic_id = $1',
      [topicId],
    );
    expect(members).toEqual([{ complaint_id: member.data.complaintId }]);

    await upstream.publish(TOPICS.analytics, [
      envelope('/redress/analytics', 'HotTopicCooled', topicId, {
        topicId,
        cooledAt: clock.now().toISOString(),
        kind: 'store',
        key: store,
      }),
    ]);
    await waitForGroupCaughtUp(group, [TOPICS.analytics]);
    const [afterCooling] = await triaged(complaintAbout({ purchaseChannel: store }));
    expect(afterCooling!.escalationClass).not.toBe('hot');
    // Grades already given stay.
    expect(await escalated([member])).toEqual([true]);
  });
});
