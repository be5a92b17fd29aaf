import type { KafkaMessage } from 'kafkajs';
import { describeDeadLetter, replayCopy } from './dead-letter-replay';

function deadLetter(
  headers: Record<string, string>,
  value: string | null = '{"type":"ComplaintRegistered","id":"e-1"}',
): KafkaMessage {
  return {
    key: Buffer.from('complaint-7'),
    value: value === null ? null : Buffer.from(value),
    headers,
    offset: '12',
    timestamp: '0',
    attributes: 0,
  };
}

const failure = {
  ce_id: 'e-1',
  'x-dlq-error': 'unknown schemaversion 9',
  'x-dlq-error-type': 'PoisonMessage',
  'x-dlq-attempts': '1',
  'x-dlq-original-topic': 'complaints.intake.v1',
  'x-dlq-original-partition': '2',
  'x-dlq-original-offset': '99',
  'x-dlq-consumer-group': 'triage',
  'x-dlq-failed-at': '2026-03-01T08:00:00.000Z',
};

describe('describeDeadLetter', () => {
  it('tells where a dead letter came from, why it failed and its event type, without its value', () => {
    const described = describeDeadLetter(1, deadLetter(failure));
    expect(described).toEqual({
      partition: 1,
      offset: '12',
      key: 'complaint-7',
      originalTopic: 'complaints.intake.v1',
      originalPartition: 2,
      originalOffset: '99',
      error: 'unknown schemaversion 9',
      errorType: 'PoisonMessage',
      attempts: 1,
      failedAt: '2026-03-01T08:00:00.000Z',
      type: 'ComplaintRegistered',
    });
  });

  it('leaves out the type of a value that is not a JSON object with a string type, and nulls missing headers', () => {
    for (const value of ['{"n": 1, "title": "unterminated', '[1,2]', '{"type":7}', null]) {
      expect(describeDeadLetter(0, deadLetter({}, value))).not.toHaveProperty('type');
    }
    expect(describeDeadLetter(0, deadLetter({ 'x-dlq-attempts': 'many' }))).toMatchObject({
      originalTopic: null,
      originalPartition: null,
      attempts: null,
      error: null,
    });
  });
});

describe('replayCopy', () => {
  it('copies the dead letter for the retry topic with its key, value, original topic and replay headers', () => {
    const record = deadLetter(failure);
    const copy = replayCopy('triage', 'complaints.dlq.triage', 1, record);
    expect(copy).toEqual({
      ok: true,
      copy: {
        key: record.key,
        value: record.value,
        headers: {
          ce_id: 'e-1',
          'x-replay-for-group': 'triage',
          'x-replay-original-topic': 'complaints.intake.v1',
          'x-replayed-from': 'complaints.dlq.triage/1/12',
        },
      },
    });
  });

  it('refuses a dead letter that does not say where it came from', () => {
    const withoutTopic: Record<string, string> = { ...failure };
    delete withoutTopic['x-dlq-original-topic'];
    expect(replayCopy('triage', 'complaints.dlq.triage', 0, deadLetter(withoutTopic))).toEqual({
      ok: false,
      reason: expect.stringContaining('no x-dlq-original-topic header'),
    });
  });
});
