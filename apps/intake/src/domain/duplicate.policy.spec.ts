import { findOpenDuplicate, subjectKey } from './duplicate.policy';

const at = new Date('2026-11-23T10:00:00Z');
const hoursAgo = (h: number) => new Date(at.getTime() - h * 3_600_000);

describe('duplicate policy', () => {
  it('keys the subject by its most specific identifier, case-insensitively', () => {
    expect(subjectKey({ type: 'product', productSku: 'SKU-9', orderId: 'O1' })).toBe(
      'product:sku-9',
    );
    expect(subjectKey({ type: 'logistics', orderId: 'O-77 ' })).toBe('logistics:o-77');
    expect(subjectKey({ type: 'staff', staffId: 'E100' })).toBe('staff:e100');
    expect(subjectKey({ type: 'service' })).toBeNull();
  });

  const candidates = [
    {
      complaintId: 'old',
      status: 'registered',
      subjectKey: 'product:sku-9',
      registeredAt: hoursAgo(73),
    },
    {
      complaintId: 'closed',
      status: 'withdrawn',
      subjectKey: 'product:sku-9',
      registeredAt: hoursAgo(1),
    },
    {
      complaintId: 'other',
      status: 'registered',
      subjectKey: 'product:sku-1',
      registeredAt: hoursAgo(1),
    },
    {
      complaintId: 'open',
      status: 'registered',
      subjectKey: 'product:sku-9',
      registeredAt: hoursAgo(71),
    },
  ];

  it('links to the open complaint about the same subject inside the window', () => {
    expect(findOpenDuplicate(candidates, 'product:sku-9', at, { windowHours: 72 })).toBe('open');
  });

  it('ignores complaints outside the window, withdrawn ones and other subjects', () => {
    expect(findOpenDuplicate(candidates, 'product:sku-9', at, { windowHours: 70 })).toBeUndefined();
    expect(findOpenDuplicate(candidates, 'product:sku-2', at, { windowHours: 72 })).toBeUndefined();
  });

  it('never links when the subject is too vague or linking is switched off', () => {
    expect(findOpenDuplicate(candidates, null, at, { windowHours: 72 })).toBeUndefined();
    expect(findOpenDuplicate(candidates, 'product:sku-9', at, { windowHours: 0 })).toBeUndefined();
  });
});
