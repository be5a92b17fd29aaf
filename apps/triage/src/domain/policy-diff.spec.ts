import { summarisePolicyChange } from './policy-diff';
import { editablePolicy } from './spec-fixtures';

describe('summarisePolicyChange', () => {
  it('says what changed, one line per path', () => {
    const before = editablePolicy();
    const after = editablePolicy((policy) => {
      policy.routing.types.billing = 'accounting';
      policy.taxonomy.types.product.categories.quality?.keywords.push('霉斑');
      policy.severity.rules = policy.severity.rules.filter((rule) => rule.id !== 'consultation');
      policy.escalation.keywordRules.push({
        id: 'recall-notice',
        class: 'hot',
        keywords: ['召回通知'],
      });
      policy.sla.customerTiers.high.factor = 0.5;
    });
    expect(summarisePolicyChange(before, after)).toEqual([
      'taxonomy.types.product.categories.quality.keywords: added "霉斑"',
      'routing.types.billing: "finance" → "accounting"',
      'severity.rules: removed rule "consultation"',
      'escalation.keywordRules: added rule "recall-notice"',
      'sla.customerTiers.high.factor: 0.75 → 0.5',
    ]);
  });

  it('names the first version and an unchanged one', () => {
    expect(summarisePolicyChange(undefined, editablePolicy())).toEqual(['first policy version']);
    expect(summarisePolicyChange(editablePolicy(), editablePolicy())).toEqual(['no change']);
  });

  it('says of a keyword list what was added and removed, at most 5 of each, or that it was reordered', () => {
    const withKeywords = (keywords: string[]) =>
      editablePolicy((policy) => {
        const quality = policy.taxonomy.types.product.categories.quality;
        if (quality) quality.keywords = keywords;
      });
    const path = 'taxonomy.types.product.categories.quality.keywords';
    const summary = (a: string[], b: string[]) =>
      summarisePolicyChange(withKeywords(a), withKeywords(b));
    expect(summary(['a', 'b', 'c'], ['a', 'b', 'c'])).toEqual(['no change']);
    expect(summary(['a', 'b', 'c'], ['c', 'a', 'b'])).toEqual([`${path}: reordered`]);
    expect(summary(['a', 'b'], ['a', 'b', 'b'])).toEqual([`${path}: reordered`]);
    expect(summary(['a', 'b', 'c'], ['b', 'd', '1'])).toEqual([
      `${path}: added "d", "1"; removed "a", "c"`,
    ]);
    expect(summary(['x'], ['x', ...'abcdefg'])).toEqual([
      `${path}: added "a", "b", "c", "d", "e" (+2 more)`,
    ]);
  });
});
