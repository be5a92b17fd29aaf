import type { K8sObject } from './render';

export type ResourceType = 'topic' | 'group' | 'cluster' | 'transactionalId';

export interface AclRule {
  resource: { type: ResourceType; name?: string; patternType?: 'literal' | 'prefix' };
  operations: string[];
  host?: string;
  type?: 'allow' | 'deny';
}

export type KafkaUser = K8sObject & {
  spec: {
    authentication: { type: string };
    authorization: { type: string; acls: AclRule[] };
  };
};

/** Kafka's implied operations: Describe comes with Read, Write, Delete and Alter. */
const IMPLIES: Readonly<Record<string, readonly string[]>> = {
  Describe: ['Read', 'Write', 'Delete', 'Alter'],
  DescribeConfigs: ['AlterConfigs'],
};

function nameMatches(rule: AclRule, name: string | undefined): boolean {
  if (rule.resource.type === 'cluster') return true;
  const ruleName = rule.resource.name ?? '';
  if ((rule.resource.patternType ?? 'literal') === 'prefix')
    return name?.startsWith(ruleName) ?? false;
  return ruleName === '*' || ruleName === name;
}

/**
 * Whether Kafka's simple authorizer lets the user do `operation` on the resource: an allow
 * rule for that operation (or All, or one that implies it) and no deny rule.
 */
export function allowed(
  user: KafkaUser,
  operation: string,
  type: ResourceType,
  name?: string,
): boolean {
  const grants = (rule: AclRule) =>
    rule.resource.type === type &&
    nameMatches(rule, name) &&
    (rule.operations.includes(operation) ||
      rule.operations.includes('All') ||
      (IMPLIES[operation] ?? []).some((implying) => rule.operations.includes(implying)));
  const rules = user.spec.authorization.acls;
  if (rules.some((rule) => rule.type === 'deny' && grants(rule))) return false;
  return rules.some((rule) => (rule.type ?? 'allow') === 'allow' && grants(rule));
}

/** A rule as a comparable line: `topic:literal:complaints.intake.v1 Describe,Write`. */
export function ruleLine(rule: AclRule): string {
  const { type, name = '', patternType = 'literal' } = rule.resource;
  return `${rule.type ?? 'allow'} ${type}:${patternType}:${name} ${[...rule.operations].sort().join(',')}`;
}
