import {
  deadLetterHeaders,
  describeError,
  isReplayForAnotherGroup,
  replayHeaders,
} from './dead-letter';
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

describe('replayHeaders', () => {
  const source = {
    groupId: 'triage',
    originalTopic: 'complaints.intake.v1',
    deadLetterTopic: 'complaints.dlq.triage',
    partition: 2,
    offset: '41',
  };

  it('keeps the original headers, drops every x-dlq-* one and says whom the copy is for and where it came from', () => {
    const contentType = Buffer.from('application/cloudevents+json; charset=UTF-8');
    const deadLetter = deadLetterHeaders(
      { 'content-type': contentType, ce_id: 'e-9', traceparent: 't-1' },
      {
        error: new PoisonMessage('unknown schemaversion 9'),
        attempts: 1,
        topic: 'complaints.intake.v1',
        partition: 0,
        offset: '17',
        groupId: 'triage',
        failedAt: new Date(0),
      },
    );
    deadLetter['x-dlq-added-later'] = 'a header of a newer consumer';

    expect(replayHeaders(deadLetter, source)).toEqual({
      'content-type': contentType,
      ce_id: 'e-9',
      traceparent: 't-1',
      'x-replay-for-group': 'triage',
      'x-replay-original-topic': 'complaints.intake.v1',
      'x-replayed-from': 'complaints.dlq.triage/2/41',
    });
  });

  it('replaces the replay headers of a copy that was dead-lettered again', () => {
    const headers = replayHeaders(
      {
        ce_id: 'e-9',
        'x-replay-for-group': 'triage',
        'x-replayed-from': 'complaints.dlq.triage/0/3',
        'x-dlq-error': 'still failing',
      },
      source,
    );
    expect(headers).toEqual({
      ce_id: 'e-9',
      'x-replay-for-group': 'triage',
      'x-replay-original-topic': 'complaints.intake.v1',
      'x-replayed-from': 'complaints.dlq.triage/2/41',
    });
  });
});

describe('isReplayForAnotherGroup', () => {
  it('is true only for a copy replayed for another group', () => {
    expect(isReplayForAnotherGroup({ 'x-replay-for-group': 'triage' }, 'analytics')).toBe(true);
    expect(
      isReplayForAnotherGroup({ 'x-replay-for-group': Buffer.from('triage') }, 'analytics'),
    ).toBe(true);
    expect(isReplayForAnotherGroup({ 'x-replay-for-group': 'triage' }, 'triage')).toBe(false);
    expect(isReplayForAnotherGroup({ ce_id: 'e-1' }, 'triage')).toBe(false);
    expect(isReplayForAnotherGroup(undefined, 'triage')).toBe(false);
  });
});
