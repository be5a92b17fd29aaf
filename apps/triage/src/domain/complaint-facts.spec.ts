import { NO_FLAGS, type ComplaintRegisteredData } from '@redress/contracts';
import {
  amendFacts,
  clusterKey,
  factsFromRegistration,
  receivedAtOf,
  subjectKey,
} from './complaint-facts';
import { complaintFacts } from './spec-fixtures';

const registration: ComplaintRegisteredData = {
  complaintId: '6f1c1b8e-9d8a-4d2a-9a53-0c0ffee00002',
  trackingNo: 'RD-20260306-ABCDEFGH',
  channel: 'hotline',
  registeredAt: '2026-03-06T09:00:00.000Z',
  receivedAt: '2026-03-06T09:00:00.000Z',
  imported: false,
  customer: {
    customerRef: 'cus_abcdefghijklmnopqrstuvwxyz',
    maskedPhone: '138****5678',
    tier: 'high',
  },
  subject: { type: 'product', productSku: 'SKU-9' },
  title: '有异物',
  description: '酸奶里有苍蝇',
  desiredRemedies: ['refund'],
  complainantCount: 2,
  flags: NO_FLAGS,
  attachments: [],
};

describe('complaint facts', () => {
  it('take from ComplaintRegistered what triage reads, and no contact details', () => {
    expect(factsFromRegistration(registration)).toEqual({
      complaintId: registration.complaintId,
      registeredAt: '2026-03-06T09:00:00.000Z',
      receivedAt: '2026-03-06T09:00:00.000Z',
      subject: { type: 'product', productSku: 'SKU-9' },
      title: '有异物',
      description: '酸奶里有苍蝇',
      complainantCount: 2,
      flags: NO_FLAGS,
      customerTier: 'high',
    });
  });

  it('keep when an imported complaint was received, and that it was imported', () => {
    const facts = factsFromRegistration({
      ...registration,
      registeredAt: '2026-12-01T08:00:00.000Z',
      imported: true,
    });
    expect(facts).toMatchObject({
      registeredAt: '2026-12-01T08:00:00.000Z',
      receivedAt: '2026-03-06T09:00:00.000Z',
      imported: true,
    });
    expect(receivedAtOf(facts)).toBe('2026-03-06T09:00:00.000Z');
  });

  it('count facts stored before receipt was recorded as received when registered', () => {
    const { receivedAt: _none, ...stored } = factsFromRegistration(registration);
    expect(receivedAtOf(stored)).toBe(registration.registeredAt);
  });

  it('change only the fields an amendment carries', () => {
    const facts = factsFromRegistration(registration);
    const amended = amendFacts(facts, { description: '酸奶里有两只苍蝇', complainantCount: 3 });
    expect(amended).toEqual({ ...facts, description: '酸奶里有两只苍蝇', complainantCount: 3 });
    expect(facts.description).toBe('酸奶里有苍蝇');
  });

  it.each([
    ['the product SKU, case and spaces ignored', { productSku: ' Sku-9 ' }, 'product:sku:sku-9'],
    ['the batch, without a SKU', { batchNo: 'B-2026-11' }, 'product:batchNo:b-2026-11'],
    ['the model, without SKU or batch', { productModel: 'X1' }, 'product:productModel:x1'],
    [
      'the SKU before the batch and the model',
      { productSku: 'yg-200', batchNo: 'B1', productModel: 'X1' },
      'product:sku:yg-200',
    ],
    ['no cluster for a subject without identifiers', {}, undefined],
    ['no cluster for blank identifiers', { productSku: '  ', staffId: '' }, undefined],
    ['no cluster for an order id, which one customer owns', { orderId: 'O-1' }, undefined],
    [
      'no cluster for a purchase channel, unless the policy names it',
      { purchaseChannel: 'online' },
      undefined,
    ],
  ])('cluster on %s', (_case, fields, key) => {
    const facts = complaintFacts({ subject: { type: 'product', ...fields } });
    expect(clusterKey(facts)).toBe(key);
  });

  it('clusters a staff member whatever the type, and a store when the policy names the channel', () => {
    const staff = complaintFacts({ subject: { type: 'staff', staffId: 'E-1001' } });
    expect(clusterKey(staff)).toBe('staff:staffId:e-1001');
    const store = complaintFacts({ subject: { type: 'service', purchaseChannel: 'Store 12' } });
    expect(clusterKey(store)).toBeUndefined();
    expect(clusterKey(store, ['purchaseChannel'])).toBe('service:purchaseChannel:store 12');
  });

  it.each([
    [
      'the SKU',
      { type: 'product' as const, productSku: ' Sku-9 ' },
      'quality',
      'product:sku:sku-9',
    ],
    [
      'the category without a SKU',
      { type: 'logistics' as const },
      'delay',
      'logistics:category:delay',
    ],
  ])(
    "a repeat after closure compares one customer's complaints by %s",
    (_case, subject, category, key) => {
      expect(subjectKey(complaintFacts({ subject }), category)).toBe(key);
    },
  );
});
