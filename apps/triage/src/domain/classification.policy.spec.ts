import { classify } from './classification.policy';
import { route } from './routing.policy';
import { complaintFacts, defaultPolicy, policyWith, policyWithKeywords } from './spec-fixtures';

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
    ['type inferred, two keywords of one category', other, undefined, '丢件了，一直没收到', 0.667],
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

describe('classification: words several categories share', () => {
  const attitude = policyWithKeywords({
    'service.attitude': ['客服', '态度差', '不耐烦'],
    'staff.attitude': ['店员', '态度差', '不耐烦'],
  });

  it('lets a word both categories list take no side between them', () => {
    // staff: 店员 + 态度差 = 2; service: 态度差 = 1, all of it shared → share 1, evidence 2/3.
    const result = classify(
      complaintFacts({ subject: other, description: '店员态度差' }),
      attitude,
    );
    expect(result).toMatchObject({
      type: 'staff',
      category: 'attitude',
      confidence: 0.667,
      needsReview: false,
    });
  });

  it('queues a tie for review however many words both sides have', () => {
    // 3 against 3, one word of its own each: share 0.5, 0.75 × 0.5 = 0.375, above this threshold.
    const lenient = policyWithKeywords(
      {
        'service.attitude': ['客服', '态度差', '不耐烦'],
        'staff.attitude': ['店员', '态度差', '不耐烦'],
      },
      (policy) => {
        policy.classification.confidenceThreshold = 0.3;
      },
    );
    const result = classify(
      complaintFacts({ subject: other, description: '客服和店员都态度差，不耐烦' }),
      lenient,
    );
    expect(result).toMatchObject({
      type: 'other',
      category: 'unspecified',
      confidence: 0.375,
      needsReview: true,
    });
    expect(result.rulesFired.map((r) => r.rule)).toEqual(['classification:tie']);
  });
});

describe('classification: a tie within the type the text is sure of', () => {
  const keywords = {
    logistics: ['快递', '包裹'],
    'logistics.delay': ['没更新'],
    'logistics.lost': ['找不到了'],
    'billing.refund': ['退款'],
  };
  const parcels = policyWithKeywords(keywords);
  const stuckAndLost = complaintFacts({
    subject: other,
    description: '包裹没更新，快递说找不到了',
  });

  it('is decided in policy order, as sure as the type, like a tie within a named type', () => {
    // delay: type 1 + 没更新 1 = 2; lost: type 1 + 找不到了 1 = 2: a tie between two categories of
    // logistics, and no other type has a word: the text is sure of logistics (2/3), which settles
    // the department; delay is listed first.
    const result = classify(stuckAndLost, parcels);
    expect(result).toMatchObject({
      type: 'logistics',
      category: 'delay',
      confidence: 0.667,
      needsReview: false,
    });
    expect(result.rulesFired.map((r) => r.rule)).toContain('classification:type-settles-tie');
  });

  it('does not decide a tie whose categories an override routes to two departments', () => {
    const overridden = policyWithKeywords(keywords, (policy) => {
      policy.routing.overrides.push({ type: 'logistics', category: 'lost', department: 'claims' });
    });
    const result = classify(stuckAndLost, overridden);
    expect(result).toMatchObject({ type: 'logistics', category: 'unspecified', needsReview: true });
  });

  it('still queues a tie between categories of two types for review', () => {
    // lost 找不到了 against refund 退款, one word each: the text is not sure of either type.
    const result = classify(
      complaintFacts({ subject: other, description: '找不到了，退款呢' }),
      parcels,
    );
    expect(result).toMatchObject({ type: 'other', category: 'unspecified', needsReview: true });
    expect(result.rulesFired.map((r) => r.rule)).toEqual(['classification:low-confidence']);
  });
});

describe('classification: type keywords', () => {
  const parcels = policyWithKeywords({
    logistics: ['快递', '包裹'],
    'logistics.delay': ['还没到'],
    'logistics.courier': ['快递员'],
  });

  it('counts the type words once for every category of the type, however many appear', () => {
    // delay: type 1 + 还没到 1 = 2; every other parcel category: the shared type word only.
    const result = classify(
      complaintFacts({ subject: other, description: '快递包裹还没到' }),
      parcels,
    );
    expect(result).toMatchObject({ type: 'logistics', category: 'delay', confidence: 0.667 });
    expect(result.rulesFired).toEqual(
      expect.arrayContaining([
        { rule: 'keyword:logistics', reason: 'description mentions "快递", "包裹"' },
        { rule: 'keyword:logistics.delay', reason: 'description mentions "还没到"' },
      ]),
    );
  });

  it('routes a complaint to the type the text is sure of when no category stands out', () => {
    const result = classify(
      complaintFacts({ subject: other, description: '我的包裹呢？' }),
      parcels,
    );
    expect(result).toMatchObject({
      type: 'logistics',
      category: 'unspecified',
      needsReview: true,
    });
    expect(route(result, parcels).department).toBe('logistics');
    expect(result.rulesFired[0]?.reason).toContain('the text points to logistics');
  });

  it('does not let words of a type alone stand against a category named by its own words', () => {
    // 退款 names billing.refund; 快递 only says parcels are involved, naming no category of them.
    const refunds = policyWithKeywords({ logistics: ['快递'], 'billing.refund': ['退款'] });
    const result = classify(
      complaintFacts({ subject: other, description: '快递退回去了，退款呢？' }),
      refunds,
    );
    expect(result).toMatchObject({
      type: 'billing',
      category: 'refund',
      confidence: 0.5,
      needsReview: false,
    });
  });

  it("queues for review a complaint whose text has only its type's words", () => {
    const result = classify(
      complaintFacts({ subject: { type: 'logistics' }, description: '快递的事' }),
      parcels,
    );
    expect(result).toMatchObject({ type: 'logistics', category: 'unspecified', needsReview: true });
    expect(result.rulesFired.map((r) => r.rule)).toContain('classification:no-evidence');
  });

  it('does not count a type word found only inside a longer keyword', () => {
    // 快递员 holds 快递: one mention of the courier, not also one of parcels in general.
    const result = classify(
      complaintFacts({ subject: other, description: '快递员态度差' }),
      parcels,
    );
    expect(result).toMatchObject({ type: 'logistics', category: 'courier', confidence: 0.5 });
    expect(result.rulesFired.map((r) => r.rule)).not.toContain('keyword:logistics');
  });
});

describe("classification: the customer's type and the text's", () => {
  const policy = policyWithKeywords({
    logistics: ['快递'],
    'logistics.damaged-in-transit': ['外箱', '压扁'],
    product: ['杯子'],
    'product.quality.damaged': ['碎了'],
  });

  it("corrects the customer's type when the text is sure of another", () => {
    const result = classify(
      complaintFacts({ subject: { type: 'product' }, description: '快递外箱压扁了' }),
      policy,
    );
    expect(result).toMatchObject({
      type: 'logistics',
      category: 'damaged-in-transit',
      confidence: 0.75,
      needsReview: false,
    });
    expect(result.rulesFired.map((r) => r.rule)).toEqual(
      expect.arrayContaining(['classification:type-corrected']),
    );
    expect(result.rulesFired.map((r) => r.rule)).not.toContain('subject-type:product');
  });

  it("keeps the customer's type when its own words stand as strong as the text's", () => {
    // logistics: 快递 + 压扁 = 2; product: 杯子 + 碎了 = 2: a tie, so the customer decides.
    const result = classify(
      complaintFacts({ subject: { type: 'product' }, description: '快递压扁了，杯子碎了' }),
      policy,
    );
    expect(result).toMatchObject({ type: 'product', category: 'quality', subcategory: 'damaged' });
    expect(result.rulesFired.map((r) => r.rule)).not.toContain('classification:type-corrected');
  });

  it('never overrides a type a supervisor fixed', () => {
    const result = classify(
      complaintFacts({ subject: other, description: '快递外箱压扁了' }),
      policy,
      { type: 'product' },
    );
    expect(result).toMatchObject({ type: 'product', category: 'unspecified', needsReview: true });
  });

  it('queues a complaint with no keyword at all for review, whatever the threshold', () => {
    const anything = policyWith((p) => {
      p.classification.confidenceThreshold = 0;
    });
    const result = classify(complaintFacts({ description: '请尽快处理' }), anything);
    expect(result).toMatchObject({ type: 'product', confidence: 0.5, needsReview: true });
    expect(result.rulesFired.map((r) => r.rule)).toEqual([
      'subject-type:product',
      'classification:no-evidence',
    ]);
  });
});
