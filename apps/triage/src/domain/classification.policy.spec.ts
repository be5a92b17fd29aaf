import { classify } from './classification.policy';
import { complaintFacts, defaultPolicy } from './spec-fixtures';

const product = { type: 'product' as const };
const other = { type: 'other' as const };

describe('classification: category from keywords', () => {
  it.each([
    [
      'Chinese without spaces',
      product,
      undefined,
      '我买的酸奶里面有一只苍蝇',
      'quality',
      'foreign-object',
    ],
    [
      'traditional characters (破損)',
      product,
      undefined,
      '打開以後發現包裝破損了',
      'quality',
      'damaged',
    ],
    [
      'simplified characters (破损)',
      product,
      undefined,
      '打开以后发现破损了',
      'quality',
      'damaged',
    ],
    [
      'traditional 產品 with 質量問題',
      product,
      undefined,
      '這個產品有質量問題',
      'quality',
      undefined,
    ],
    [
      'full-width English',
      product,
      undefined,
      'ＩＴ ＳＴＯＰＰＥＤ ＷＯＲＫＩＮＧ',
      'function',
      'not-working',
    ],
    [
      'English in any case',
      { type: 'logistics' as const },
      undefined,
      'The COURIER Left At The Door',
      'courier',
      undefined,
    ],
    ['a title keyword', { type: 'billing' as const }, '发票开错了', '请处理', 'invoice', undefined],
    [
      'a property subcategory',
      { type: 'property' as const },
      undefined,
      '楼上渗水到我家',
      'maintenance',
      'leak',
    ],
  ])('reads %s', (_case, subject, title, description, category, subcategory) => {
    const result = classify(
      complaintFacts({ subject, description, ...(title ? { title } : {}) }),
      defaultPolicy,
    );
    expect(result.category).toBe(category);
    expect(result.subcategory).toBe(subcategory);
    expect(result.needsReview).toBe(false);
  });

  it("keeps the customer's type and picks a category within it", () => {
    const result = classify(
      complaintFacts({ subject: { type: 'service' }, description: '客服态度恶劣，快递员也很慢' }),
      defaultPolicy,
    );
    expect(result.type).toBe('service');
    expect(result.category).toBe('attitude');
    expect(result.rulesFired).toContainEqual({
      rule: 'subject-type:service',
      reason: 'the customer named the subject type "service"',
    });
  });

  it('infers the type from the text when the customer chose "other"', () => {
    const result = classify(
      complaintFacts({ subject: other, description: '包裹丢失了，我一直没收到' }),
      defaultPolicy,
    );
    expect(result).toMatchObject({ type: 'logistics', category: 'lost', needsReview: false });
    expect(result.rulesFired.map((r) => r.rule)).toContain('classification:inferred-type');
  });

  it('names each keyword rule that fired, with what the text says', () => {
    const result = classify(
      complaintFacts({ title: '有异物', description: '酸奶里有苍蝇，质量差，做工也不行' }),
      defaultPolicy,
    );
    expect(result.rulesFired).toEqual(
      expect.arrayContaining([
        {
          rule: 'keyword:product.quality.foreign-object',
          reason: 'title mentions "异物"; description mentions "苍蝇"',
        },
        { rule: 'keyword:product.quality', reason: 'description mentions "质量差", "做工"' },
      ]),
    );
  });
});

describe('classification: confidence', () => {
  // evidence = s1 / (s1 + 1), share = s1 / (s1 + s2) (words both list taken out of s1 and s2),
  // category = evidence × share; confidence = 0.5 + 0.5 × category with the customer's type,
  // category alone when inferred.
  it.each([
    ['type given, one description keyword', product, undefined, '有异物', 0.75],
    ['type given, the keyword in the title (weight 2)', product, '有异物', '请处理', 0.833],
    ['type given, two categories tie at one keyword', product, undefined, '有异物，还漏液', 0.625],
    ['type given, nothing matches', product, undefined, '请尽快处理', 0.5],
    [
      'type inferred, two keywords of one category',
      other,
      undefined,
      '丢件了，一直没收到',
      0.667,
    ],
    ['type inferred, one keyword', other, undefined, '发票呢', 0.5],
    ['type inferred, nothing matches', other, undefined, '你好', 0],
  ])('%s → %p', (_case, subject, title, description, confidence) => {
    const result = classify(
      complaintFacts({ subject, description, ...(title ? { title } : {}) }),
      defaultPolicy,
    );
    expect(result.confidence).toBe(confidence);
  });

  it('queues a low-confidence complaint for review and routes it by type alone', () => {
    // "Where is the invoice? No manual either.": one word each for two types, a tie.
    const result = classify(
      complaintFacts({ subject: other, description: '发票呢？说明书也没有' }),
      defaultPolicy,
    );
    expect(result).toMatchObject({
      type: 'other',
      category: 'unspecified',
      confidence: 0.25,
      needsReview: true,
    });
    expect(result.subcategory).toBeUndefined();
    expect(result.candidates).toEqual([
      { type: 'product', category: 'packaging', score: 1 },
      { type: 'billing', category: 'invoice', score: 1 },
    ]);
    expect(result.rulesFired.map((r) => r.rule)).toEqual(['classification:low-confidence']);
  });

  it("keeps the customer's type when nothing in the text points anywhere", () => {
    const result = classify(complaintFacts({ description: '请尽快处理' }), defaultPolicy);
    expect(result).toMatchObject({ type: 'product', category: 'unspecified', needsReview: true });
  });

  it('offers the best candidates over every type, best first', () => {
    const result = classify(
      complaintFacts({ subject: other, description: '快递员态度恶劣，骂人，不耐烦，包裹也破损了' }),
      defaultPolicy,
    );
    // The courier's words and the manner words they share with service and staff; ties keep
    // policy order: service before staff.
    expect(result.candidates.map((c) => [`${c.type}.${c.category}`, c.score])).toEqual([
      ['logistics.courier', 5],
      ['service.attitude', 3],
      ['staff.attitude', 3],
    ]);
    expect(result).toMatchObject({ type: 'logistics', category: 'courier', needsReview: false });
  });

  it('lets a supervisor-fixed type limit the categories', () => {
    const result = classify(
      complaintFacts({ subject: other, description: '发票开错了' }),
      defaultPolicy,
      {
        type: 'product',
      },
    );
    expect(result).toMatchObject({ type: 'product', category: 'unspecified' });
    expect(result.rulesFired[0]).toEqual({
      rule: 'subject-type:product',
      reason: 'a supervisor set the type "product"',
    });
  });
});
