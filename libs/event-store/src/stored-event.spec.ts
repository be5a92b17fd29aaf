import { MalformedStoredEvent, toStoredEvent, toStoredMetadata } from './stored-event';

const row = {
  position: '17',
  transaction_id: '812',
  event_id: '0b7e6f0e-0a4b-4b8e-9f3e-52f1c2f0d7aa',
  stream_id: 'complaint-1',
  stream_version: 2,
  type: 'ComplaintWithdrawn',
  schema_version: 1,
  data: { reason: 'resolved elsewhere' },
  metadata: {
    source: '/redress/intake',
    correlationid: 'c-1',
    authtype: 'app_user',
    authid: 'bob',
  },
  recorded_at: new Date('2025-05-05T05:05:05Z'),
};

describe('toStoredMetadata', () => {
  it('names the actor with the CloudEvents auth-context attributes', () => {
    expect(
      toStoredMetadata({
        source: '/redress/intake',
        correlationId: 'c-1',
        causationId: 'e-0',
        actor: { type: 'app_user', id: 'alice', roles: ['agent'], department: 'quality' },
      }),
    ).toEqual({
      source: '/redress/intake',
      correlationid: 'c-1',
      causationid: 'e-0',
      authtype: 'app_user',
      authid: 'alice',
      authclaims: { roles: ['agent'], department: 'quality' },
    });
  });

  it('has no claims for an actor without roles or department', () => {
    expect(
      toStoredMetadata({
        source: '/redress/triage',
        correlationId: 'c',
        actor: { type: 'system', id: 'redress' },
      }),
    ).not.toHaveProperty('authclaims');
  });

  it('refuses metadata without a correlation id', () => {
    expect(() =>
      toStoredMetadata({
        source: '/redress/triage',
        correlationId: '',
        actor: { type: 'system', id: 'redress' },
      }),
    ).toThrow(TypeError);
  });
});

describe('toStoredEvent', () => {
  it('reads a row, turning int8 strings into numbers', () => {
    expect(toStoredEvent(row)).toEqual({
      position: 17,
      transactionId: '812',
      eventId: row.event_id,
      streamId: 'complaint-1',
      streamVersion: 2,
      type: 'ComplaintWithdrawn',
      schemaVersion: 1,
      data: { reason: 'resolved elsewhere' },
      metadata: row.metadata,
      recordedAt: row.recorded_at,
    });
  });

  it('fails loudly on a row with malformed metadata, naming the field but not its value', () => {
    const read = () =>
      toStoredEvent({ ...row, metadata: { ...row.metadata, authtype: 'robot-from-13812345678' } });
    expect(read).toThrow(MalformedStoredEvent);
    expect(read).toThrow(/metadata\.authtype/);
    expect(read).not.toThrow(/13812345678/);
  });
});
