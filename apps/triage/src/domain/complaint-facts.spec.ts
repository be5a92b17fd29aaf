import { NO_FLAGS, type ComplaintRegisteredData } from '@redress/contracts';
import { amendFacts, clusterKey, factsFromRegistration } from './complaint-facts';
import { complaintFacts } from './spec-fixtures';

const registration: ComplaintRegisteredData = {
  complaintId: '6f1c1b8e-9d8a-4d2a-9a53-0c0ffee00002',
  trackingNo: 'RD-20260306-ABCDEFGH',
  channel: 'hotline',
  registeredAt: '2026-03-06T09:00:00.000Z',
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
      subject: { type: 'product', productSku: 'SKU-9' },
      title: '有异物',
      description: '酸奶里有苍蝇',
      complainantCount: 2,
      flags: NO_FLAGS,
      customerTier: 'high',
    });
  });

  it('change only the fields an amendment carries', () => {
    const facts = factsFromRegistration(registration);
    const amended = amendFacts(facts, { description: '酸奶里有两只苍蝇', complainantCount: 3 });
    expect(amended).toEqual({ ...facts, description: '酸奶里有两只苍蝇', complainantCount: 3 });
    expect(facts.description).toBe('酸奶里有苍蝇');
  });

  it.each([
    [
      'the product SKU, case and spaces ignored',
      { type: 'product' as const, productSku: ' Sku-9 ' },
      'quality',
      'product:sku:sku-9',
    ],
    [
      'the category when there is no product',
      { type: 'logistics' as const },
      'delay',
      'logistics:category:delay',
    ],
  ])('cluster on %s', (_case, subject, category, key) => {
    expect(clusterKey(complaintFacts({ subject }), category)).toBe(key);
  });
});
