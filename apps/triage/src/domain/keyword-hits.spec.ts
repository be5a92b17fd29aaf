import fc from 'fast-check';
import type { CompiledPolicy } from './compiled-policy';
import { findKeywords } from './keyword-hits';
import { defaultPolicy, policyWithKeywords } from './spec-fixtures';

/** The keywords found, each with what it counts for (`logistics`, `logistics.courier`, …). */
function found(text: string, compiled: CompiledPolicy): string[] {
  return findKeywords({ description: text }, compiled).map((hit) => {
    const ref = compiled.keywordRefs[hit.ref];
    const target = ref?.target;
    const where =
      target?.kind === 'type'
        ? target.type
        : target?.kind === 'category'
          ? compiled.categories[target.index]?.path
          : target?.kind === 'subcategory'
            ? compiled.subcategories[target.index]?.path
            : `${target?.kind}:${target?.index}`;
    return `${ref?.keyword} → ${where}`;
  });
}

describe('finding keywords', () => {
  const parcels = policyWithKeywords({
    logistics: ['快递'],
    'logistics.courier': ['快递员'],
    'product.function.not-working': ['完全不能用', '不能用'],
  });
  const severity = defaultPolicy.policy.severity.rules.findIndex(
    (rule) => rule.id === 'core-function-failure',
  );

  it.each([
    [
      'a word inside a longer taxonomy word is not a mention of its own',
      '快递员来了',
      ['快递员 → logistics.courier'],
    ],
    [
      'the same word standing alone elsewhere still counts',
      '快递员说快递放门口了',
      ['快递员 → logistics.courier', '快递 → logistics'],
    ],
    ['a word alone counts', '快递到了', ['快递 → logistics']],
  ])('%s', (_case, text, expected) => {
    expect(found(text, parcels)).toEqual(expected);
  });

  it('lets severity rules see a word inside a taxonomy word', () => {
    // 不能用 inside 完全不能用: not a second mention for the category, still a core failure.
    expect(found('完全不能用', parcels)).toEqual([
      '完全不能用 → product.function.not-working',
      `不能用 → severity:${severity}`,
    ]);
  });
});

describe('nested keywords in long texts', () => {
  const parcels = policyWithKeywords({
    logistics: ['快递'],
    'logistics.courier': ['快递员'],
    'product.function.not-working': ['完全不能用', '不能用'],
  });

  it('finds the same keywords whatever the order and repetition of nested words', () => {
    const pieces = ['快递', '快递员', '员', '完全', '不能用', '完全不能用', '，', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const result = found(text, parcels);
        // Each keyword once; 快递 counts for logistics only where it stands outside 快递员.
        const alone = text.replace(/快递员/g, '').includes('快递');
        expect(result.includes('快递 → logistics')).toBe(alone);
        expect(result.includes('快递员 → logistics.courier')).toBe(text.includes('快递员'));
        expect(new Set(result).size).toBe(result.length);
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});
