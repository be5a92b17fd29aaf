import type { SubjectType } from '@redress/contracts';
import { route } from './routing.policy';
import { defaultPolicy, policyWith } from './spec-fixtures';

describe('routing', () => {
  it.each<[SubjectType, string]>([
    ['product', 'quality'],
    ['service', 'customer-service'],
    ['staff', 'customer-service'],
    ['process', 'operations'],
    ['logistics', 'logistics'],
    ['billing', 'finance'],
    ['property', 'property'],
    ['other', 'customer-service'],
  ])('sends %s complaints to %s by default (CONTRACT)', (type, department) => {
    const routing = route({ type, category: 'unspecified' }, defaultPolicy);
    expect(routing.department).toBe(department);
    expect(routing.rule).toEqual({
      rule: `routing:${type}`,
      reason: `${type} complaints go to ${department}`,
    });
  });

  const tuned = policyWith((policy) => {
    policy.routing.types.billing = 'accounting';
    policy.routing.overrides = [
      { type: 'product', category: 'packaging', department: 'logistics' },
      {
        type: 'product',
        category: 'quality',
        subcategory: 'foreign-object',
        department: 'food-safety',
      },
    ];
  });

  it.each([
    [
      'an edited type row',
      { type: 'billing' as const, category: 'invoice' },
      'accounting',
      'routing:billing',
    ],
    [
      'a category row',
      { type: 'product' as const, category: 'packaging' },
      'logistics',
      'routing:product.packaging',
    ],
    [
      'a subcategory row over its type',
      { type: 'product' as const, category: 'quality', subcategory: 'foreign-object' },
      'food-safety',
      'routing:product.quality.foreign-object',
    ],
    [
      'the type row when no override matches',
      { type: 'product' as const, category: 'quality', subcategory: 'damaged' },
      'quality',
      'routing:product',
    ],
  ])('follows %s', (_case, classification, department, rule) => {
    const routing = route(classification, tuned);
    expect(routing.department).toBe(department);
    expect(routing.rule.rule).toBe(rule);
  });
});
