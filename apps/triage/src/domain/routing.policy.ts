import type { RuleFired, SubjectType } from '@redress/contracts';
import { routingKey, type CompiledPolicy } from './compiled-policy';

export interface Routing {
  department: string;
  rule: RuleFired;
}

/**
 * DOMAIN §2 routing: "type → responsible department … a table the enterprise edits". The most
 * specific row wins: an override for the subcategory, then for the category, then the type's row
 * (CONTRACT's defaults: product → quality, service and staff → customer-service, …).
 */
export function route(
  classification: { type: SubjectType; category: string; subcategory?: string },
  compiled: CompiledPolicy,
): Routing {
  const { type, category, subcategory } = classification;
  if (subcategory !== undefined) {
    const department = compiled.routingOverrides.get(routingKey(type, category, subcategory));
    if (department) {
      return {
        department,
        rule: {
          rule: `routing:${type}.${category}.${subcategory}`,
          reason: `${type}.${category}.${subcategory} complaints go to ${department}`,
        },
      };
    }
  }
  const byCategory = compiled.routingOverrides.get(routingKey(type, category));
  if (byCategory) {
    return {
      department: byCategory,
      rule: {
        rule: `routing:${type}.${category}`,
        reason: `${type}.${category} complaints go to ${byCategory}`,
      },
    };
  }
  const department = compiled.policy.routing.types[type];
  return {
    department,
    rule: { rule: `routing:${type}`, reason: `${type} complaints go to ${department}` },
  };
}
