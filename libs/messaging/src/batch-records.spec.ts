import type { KafkaMessage } from 'kafkajs';
import { chunks } from './batch-engine';
import { checkRecord, envelopeOnly } from './batch-records';
import { REPLAY_HEADERS } from './dead-letter';

const envelope = (subject: string, extra: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id: 'e-1',
  source: '/redress/intake',
  type: 'ComplaintRegistered',
  subject,
  time: '2026-12-07T08:00:00.000Z',
  datacontenttype: 'application/json',
  schemaversion: 1,
  streamversion: 1,
  correlationid: 'c-1',
  authtype: 'system',
  authid: 'redress',
  data: { n: 1 },
  ...extra,
});

function record(
  value: unknown,
  key: string | null,
  headers: KafkaMessage['headers'] = {},
): KafkaMessage {
  return {
    key: key === null ? null : Buffer.from(key),
    value:
      value === null
        ? null
        : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    offset: '7',
    timestamp: '1765094400000',
    attributes: 0,
    headers,
  } as KafkaMessage;
}

const context = { topic: 'complaints.intake.v1', partition: 2, parse: envelopeOnly };

describe('checkRecord', () => {
  it('hands over a CloudEvent keyed by its subject, with where it was read', () => {
    const checked = checkRecord(record(envelope('C-1'), 'C-1', { ce_id: 'e-1' }), context);
    expect(checked).toMatchObject({
      kind: 'event',
      record: {
        topic: 'complaints.intake.v1',
        partition: 2,
        offset: '7',
        key: 'C-1',
        headers: { ce_id: 'e-1' },
        event: { id: 'e-1', subject: 'C-1' },
      },
    });
  });

  it.each([
    ['a value that is not JSON', record('{nope', 'C-1'), /not valid JSON/],
    ['no value', record(null, 'C-1'), /not a Redress CloudEvent/],
    ['an envelope without its id', record(envelope('C-1', { id: '' }), 'C-1'), /\/id/],
    ['a key other than the subject', record(envelope('C-1'), 'C-2'), /Kafka key is "C-2"/],
  ])('finds %s invalid, naming why', (_what, raw, reason) => {
    const checked = checkRecord(raw, context);
    expect(checked.kind).toBe('invalid');
    if (checked.kind === 'invalid') expect(checked.poison.message).toMatch(reason);
  });

  it('dead-letters what the parser throws on and ignores what it returns null for', () => {
    const throwing = checkRecord(record(envelope('C-1'), 'C-1'), {
      ...context,
      parse: () => {
        throw new Error('data/n must be a string');
      },
    });
    expect(throwing.kind === 'invalid' && throwing.poison.message).toBe('data/n must be a string');
    expect(checkRecord(record(envelope('C-1'), 'C-1'), { ...context, parse: () => null })).toEqual({
      kind: 'ignored',
      reason: 'unknown-type',
    });
  });

  it('hands a replayed dead letter over as a record of its original topic, and ignores one for another group', () => {
    const retry = {
      ...context,
      topic: 'complaints.retry.analytics',
      groupId: 'analytics',
      retryTopic: 'complaints.retry.analytics',
    };
    const copy = checkRecord(
      record(envelope('C-1'), 'C-1', {
        [REPLAY_HEADERS.originalTopic]: 'complaints.triage.v1',
        [REPLAY_HEADERS.forGroup]: 'analytics',
      }),
      retry,
    );
    expect(copy.kind === 'event' && copy.record.topic).toBe('complaints.triage.v1');
    expect(checkRecord(record(envelope('C-1'), 'C-1'), retry).kind).toBe('invalid');
    expect(
      checkRecord(record(envelope('C-1'), 'C-1', { [REPLAY_HEADERS.forGroup]: 'triage' }), retry),
    ).toEqual({ kind: 'ignored', reason: 'replay-for-another-group' });
  });
});

describe('chunks', () => {
  const sized = (bytes: number) => ({ key: null, value: Buffer.alloc(bytes) });

  it('cuts runs at the record limit and before the byte limit, never leaving a record out', () => {
    const records = [sized(4), sized(4), sized(4), sized(20), sized(1)];
    expect(chunks(records, 2, 10).map((run) => run.length)).toEqual([2, 1, 1, 1]);
    expect(chunks(records, 10, 1_000).map((run) => run.length)).toEqual([5]);
    expect(chunks([], 10, 10)).toEqual([]);
  });
});
