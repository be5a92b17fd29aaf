import { randomUUID } from 'node:crypto';
import { ComplaintAmended, ComplaintRegistered, DuplicateComplaintLinked } from './intake-events';
import { InvalidEvent, withoutUndefined } from './registry';
import { NO_FLAGS } from './vocabulary';

const registration = () => ({
  complaintId: randomUUID(),
  trackingNo: 'RD-20261123-7KQ2M9XA',
  channel: 'web' as const,
  registeredAt: '2026-11-23T08:00:00.000Z',
  receivedAt: '2026-11-23T08:00:00.000Z',
  customer: { customerRef: 'cus_abcdefghijklmnopqrstuvwxyz' },
  subject: { type: 'product' as const },
  description: '酸奶里有异物',
});

describe('EventDefinition.complete: the schema decides what a command may leave out', () => {
  it('gives a registration that names no remedies, count, flags or attachments their defaults', () => {
    expect(ComplaintRegistered.complete(registration())).toMatchObject({
      desiredRemedies: [],
      complainantCount: 1,
      imported: false,
      flags: NO_FLAGS,
      attachments: [],
    });
  });

  it('fills in the flags a registration does not name, keeping those it names', () => {
    const data = ComplaintRegistered.complete({
      ...registration(),
      flags: { safetyIncident: true, legalThreat: undefined },
    });
    expect(data.flags).toEqual({ ...NO_FLAGS, safetyIncident: true });
  });

  it('drops undefined members instead of writing them', () => {
    const data = ComplaintRegistered.complete({
      ...registration(),
      title: undefined,
      subject: { type: 'service', productSku: undefined },
    });
    expect(Object.keys(data)).not.toContain('title');
    expect(data.subject).toEqual({ type: 'service' });
  });

  it('leaves the optional fields of an amendment absent: nothing left out becomes a change', () => {
    const data = ComplaintAmended.complete({
      complaintId: randomUUID(),
      amendedAt: '2026-11-23T09:00:00.000Z',
      changes: { title: '新标题' },
      changedFields: ['title'],
    });
    expect(data.changes).toEqual({ title: '新标题' });
  });

  it('gives a linked duplicate the same flag and count defaults as a registration', () => {
    const data = DuplicateComplaintLinked.complete({
      complaintId: randomUUID(),
      submissionId: randomUUID(),
      channel: 'app',
      receivedAt: '2026-11-23T09:00:00.000Z',
      customerRef: 'cus_abcdefghijklmnopqrstuvwxyz',
      description: '又坏了',
      flags: { mediaThreat: true },
    });
    expect(data).toMatchObject({ complainantCount: 1, flags: { ...NO_FLAGS, mediaThreat: true } });
  });

  it('refuses data that lacks a field without a default, naming its path', () => {
    const { description: _description, ...incomplete } = registration();
    expect(() => ComplaintRegistered.complete(incomplete)).toThrow(InvalidEvent);
    expect(() => ComplaintRegistered.complete(incomplete)).toThrow(/\/description/);
  });
});

describe('withoutUndefined', () => {
  it('copies plain data deeply without undefined members, keeping a __proto__ key as data', () => {
    class Dto {
      a?: number = undefined;
      b = [{ c: undefined, d: 1 }];
    }
    const parsed = JSON.parse('{"__proto__": {"polluted": true}}') as object;
    expect(withoutUndefined(new Dto())).toEqual({ b: [{ d: 1 }] });
    const copy = withoutUndefined(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(copy, '__proto__')).toBe(true);
  });
});
