import { deadLetterHeaders, describeError } from './dead-letter';
import { PoisonMessage } from './poison-message';

class DatabaseUnavailable extends Error {}

describe('deadLetterHeaders', () => {
  it('keeps the original headers and adds where and why the record failed', () => {
    const original = { 'content-type': Buffer.from('application/cloudevents+json'), ce_id: 'e-9' };
    const headers = deadLetterHeaders(original, {
      error: new DatabaseUnavailable('connection refused'),
      attempts: 5,
      topic: 'complaints.intake.v1',
      partition: 1,
      offset: '17',
      groupId: 'triage',
      failedAt: new Date('2025-03-01T08:00:00.000Z'),
    });
    expect(headers).toEqual({
      'content-type': original['content-type'],
      ce_id: 'e-9',
      'x-dlq-error': 'connection refused',
      'x-dlq-error-type': 'DatabaseUnavailable',
      'x-dlq-attempts': '5',
      'x-dlq-original-topic': 'complaints.intake.v1',
      'x-dlq-original-partition': '1',
      'x-dlq-original-offset': '17',
      'x-dlq-consumer-group': 'triage',
      'x-dlq-failed-at': '2025-03-01T08:00:00.000Z',
    });
  });

  it('replaces the failure headers of a record that was dead-lettered before', () => {
    const headers = deadLetterHeaders(
      { 'x-dlq-attempts': '5', 'x-dlq-error': 'old' },
      {
        error: new PoisonMessage('unknown schemaversion 9'),
        attempts: 1,
        topic: 't',
        partition: 0,
        offset: '0',
        groupId: 'g',
        failedAt: new Date(0),
      },
    );
    expect(headers['x-dlq-attempts']).toBe('1');
    expect(headers['x-dlq-error']).toBe('unknown schemaversion 9');
    expect(headers['x-dlq-error-type']).toBe('PoisonMessage');
  });
});

describe('describeError', () => {
  it('names the class of an error, or the type of a thrown non-error', () => {
    expect(describeError(new TypeError('x'))).toEqual({ type: 'TypeError', message: 'x' });
    expect(describeError('boom')).toEqual({ type: 'string', message: 'boom' });
  });

  it('shortens very long messages', () => {
    expect(describeError(new Error('e'.repeat(5_000))).message).toHaveLength(2_001);
  });
});
