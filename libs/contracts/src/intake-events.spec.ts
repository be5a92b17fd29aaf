import { ComplaintRegistered, INTAKE_EVENTS } from './intake-events';
import { NO_FLAGS } from './vocabulary';
import { EventRegistry } from './registry';

/** A `ComplaintRegistered` as intake recorded it before version 2 (a stored event, verbatim). */
const RECORDED_V1 = {
  specversion: '1.0',
  id: '0b9c7d1e-4a36-4c55-9b0e-6f1d2c3b4a59',
  source: '/redress/intake',
  type: 'ComplaintRegistered',
  subject: '5d0f9a3e-1c2b-4e6f-8a7d-9b0c1d2e3f40',
  time: '2026-11-23T02:00:00.000Z',
  datacontenttype: 'application/json',
  schemaversion: 1,
  streamversion: 1,
  correlationid: 'b7b6a0c4-0d0e-4f43-9a0f-1c1d2e3f4a5b',
  authtype: 'app_user',
  authid: 'agent-7',
  data: {
    complaintId: '5d0f9a3e-1c2b-4e6f-8a7d-9b0c1d2e3f40',
    trackingNo: 'RD-20261123-5D0F9A3E',
    channel: 'hotline',
    registeredAt: '2026-11-23T02:00:00.000Z',
    customer: { customerRef: 'cus_abcdefghijklmnopqrstuvwxyz', maskedPhone: '138****5678' },
    subject: { type: 'product', productSku: 'YG-200' },
    description: '酸奶里有异物',
    desiredRemedies: ['refund'],
    complainantCount: 1,
    flags: NO_FLAGS,
    attachments: [],
  },
};

describe('ComplaintRegistered version 2', () => {
  const registry = new EventRegistry(INTAKE_EVENTS);

  it('reads a version-1 event recorded before it as received when registered, not imported', () => {
    const event = registry.parse(structuredClone(RECORDED_V1));
    expect(event?.schemaversion).toBe(2);
    expect(event?.data).toMatchObject({
      registeredAt: '2026-11-23T02:00:00.000Z',
      receivedAt: '2026-11-23T02:00:00.000Z',
      imported: false,
      description: '酸奶里有异物',
    });
  });

  it('keeps what a version-2 event says of an imported complaint', () => {
    const v2 = structuredClone(RECORDED_V1);
    v2.schemaversion = 2;
    Object.assign(v2.data, { receivedAt: '2024-03-01T08:30:00.000Z', imported: true });
    expect(registry.parse(v2)?.data).toMatchObject({
      receivedAt: '2024-03-01T08:30:00.000Z',
      imported: true,
    });
  });

  it('refuses a version-2 event without receivedAt, naming it', () => {
    const v2 = structuredClone(RECORDED_V1);
    v2.schemaversion = 2;
    expect(() => registry.parse(v2)).toThrow(/receivedAt/);
    expect(ComplaintRegistered.schemaVersion).toBe(2);
  });
});
