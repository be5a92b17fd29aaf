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
});
