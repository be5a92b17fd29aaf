import { Type } from '@sinclair/typebox';
import { randomUUID } from 'node:crypto';
import { assertKeyedBy, defineEvent, EventRegistry, InvalidEvent, parseEnvelope } from './registry';
import { ComplaintWithdrawn, INTAKE_EVENTS } from './intake-events';
import { TOPICS, deadLetterTopic } from './topics';

function envelope(type: string, data: unknown, schemaversion = 1) {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/redress/intake',
    type,
    subject: randomUUID(),
    time: '2026-11-23T08:00:00.000Z',
    datacontenttype: 'application/json',
    schemaversion,
    streamversion: 1,
    correlationid: randomUUID(),
    authtype: 'system',
    authid: 'redress',
    data,
  };
}

describe('event registry', () => {
  const registry = new EventRegistry(INTAKE_EVENTS);

  it('parses a valid event of a known type', () => {
    const complaintId = randomUUID();
    const event = registry.parse(
      envelope('ComplaintWithdrawn', { complaintId, withdrawnAt: '2026-11-23T09:00:00Z' }),
    );
    expect(event?.type).toBe('ComplaintWithdrawn');
    expect(event?.data).toEqual({ complaintId, withdrawnAt: '2026-11-23T09:00:00Z' });
  });

  it('returns null for a type the consumer does not know, so it can be ignored', () => {
    expect(registry.parse(envelope('SomethingNew', { anything: true }))).toBeNull();
  });

  it('rejects data that breaks the schema, naming the path', () => {
    const bad = envelope('ComplaintWithdrawn', { complaintId: 'not-a-uuid', withdrawnAt: 'x' });
    expect(() => registry.parse(bad)).toThrow(InvalidEvent);
    expect(() => registry.parse(bad)).toThrow(/\/complaintId/);
  });

  it('rejects unknown members in event data', () => {
    const bad = envelope('ComplaintWithdrawn', {
      complaintId: randomUUID(),
      withdrawnAt: '2026-11-23T09:00:00Z',
      customerName: 'should never travel',
    });
    expect(() => registry.parse(bad)).toThrow(InvalidEvent);
  });

  it('rejects an envelope that is not a CloudEvent', () => {
    expect(() => parseEnvelope({ hello: 'world' })).toThrow(/specversion/);
    expect(() => parseEnvelope('text')).toThrow(InvalidEvent);
    const noTime = { ...envelope('ComplaintWithdrawn', {}), time: 'yesterday' };
    expect(() => parseEnvelope(noTime)).toThrow(/\/time/);
  });

  it('refuses an event written by a newer schema version than the consumer knows', () => {
    const future = envelope(
      'ComplaintWithdrawn',
      { complaintId: randomUUID(), withdrawnAt: '2026-11-23T09:00:00Z' },
      ComplaintWithdrawn.schemaVersion + 1,
    );
    expect(() => registry.parse(future)).toThrow(/newer/);
  });

  it('upcasts old schema versions step by step when reading', () => {
    const renamed = defineEvent({
      type: 'ExampleRenamed',
      topic: 'test',
      schemaVersion: 3,
      schema: Type.Object({ fullTitle: Type.String(), priority: Type.Integer() }),
      upcasters: {
        1: (d) => ({ fullTitle: (d as { title: string }).title }),
        2: (d) => ({ ...(d as object), priority: 0 }),
      },
    });
    const reg = new EventRegistry([renamed]);
    const event = reg.parse(envelope('ExampleRenamed', { title: 'old shape' }, 1));
    expect(event?.data).toEqual({ fullTitle: 'old shape', priority: 0 });
    expect(event?.schemaversion).toBe(3);
  });

  it('refuses to define an event whose upcaster chain has a hole', () => {
    expect(() =>
      defineEvent({
        type: 'Broken',
        topic: 'test',
        schemaVersion: 2,
        schema: Type.Object({}),
      }),
    ).toThrow(/no upcaster from schema version 1/);
  });

  it('names topics and dead-letter topics as the contract does', () => {
    expect(TOPICS.intake).toBe('complaints.intake.v1');
    expect(TOPICS.followup).toBe('complaints.followup.v1');
    expect(deadLetterTopic('triage')).toBe('complaints.dlq.triage');
  });
});

describe('assertKeyedBy', () => {
  const event = { type: 'ComplaintTriaged', id: 'e-1' };

  it('accepts a record keyed by what its event is about', () => {
    expect(() => assertKeyedBy(event, 'c-1', 'c-1')).not.toThrow();
  });

  it('refuses a record keyed otherwise, or not keyed, as an invalid event', () => {
    expect(() => assertKeyedBy(event, 'c-1', 'c-2')).toThrow(InvalidEvent);
    expect(() => assertKeyedBy(event, 'c-1', null)).toThrow(/Kafka key is missing/);
  });
});
