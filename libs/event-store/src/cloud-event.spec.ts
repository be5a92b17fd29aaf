import { toCloudEvent } from './cloud-event';
import type { StoredEvent } from './stored-event';

const stored: StoredEvent = {
  position: 42,
  transactionId: '1234',
  streamId: '7d1f4c1e-4d59-4c8e-9a57-2f1d3c3b2a10',
  streamVersion: 3,
  eventId: '0b7e6f0e-0a4b-4b8e-9f3e-52f1c2f0d7aa',
  type: 'ComplaintAmended',
  schemaVersion: 2,
  data: { description: '包装破损' },
  metadata: {
    source: '/redress/intake',
    correlationid: 'c0rr-1',
    causationid: 'cause-1',
    authtype: 'app_user',
    authid: 'alice',
    authclaims: { roles: ['agent'], department: 'logistics' },
  },
  recordedAt: new Date('2025-03-01T08:30:00.123Z'),
};

describe('toCloudEvent', () => {
  it('maps a stored event to the CONTRACT.md envelope', () => {
    expect(toCloudEvent(stored)).toEqual({
      specversion: '1.0',
      id: stored.eventId,
      source: '/redress/intake',
      type: 'ComplaintAmended',
      subject: stored.streamId,
      time: '2025-03-01T08:30:00.123Z',
      datacontenttype: 'application/json',
      schemaversion: 2,
      streamversion: 3,
      correlationid: 'c0rr-1',
      causationid: 'cause-1',
      authtype: 'app_user',
      authid: 'alice',
      authclaims: '{"roles":["agent"],"department":"logistics"}',
      data: { description: '包装破损' },
    });
  });

  it('leaves out causation and claims the event does not have', () => {
    const envelope = toCloudEvent({
      ...stored,
      metadata: {
        source: '/redress/triage',
        correlationid: 'c',
        authtype: 'system',
        authid: 'redress',
      },
    });
    expect(envelope).not.toHaveProperty('causationid');
    expect(envelope).not.toHaveProperty('authclaims');
    expect(envelope.authtype).toBe('system');
  });
});

describe('toCloudEvent and tracing', () => {
  it('emits the stored trace context as the distributed-tracing extension attributes', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const envelope = toCloudEvent({
      ...stored,
      metadata: { ...stored.metadata, traceparent, tracestate: 'redress=1' },
    });
    expect(envelope.traceparent).toBe(traceparent);
    expect(envelope.tracestate).toBe('redress=1');
  });

  it('has no tracing attributes for an event recorded outside any trace', () => {
    expect(toCloudEvent(stored)).not.toHaveProperty('traceparent');
    expect(toCloudEvent(stored)).not.toHaveProperty('tracestate');
  });
});
