import { NO_FLAGS, type Flags, type SubjectType } from '@redress/contracts';
import { compilePolicy, type CompiledPolicy } from './compiled-policy';
import type { ComplaintFacts, TriageContext } from './complaint-facts';
import { DEFAULT_TRIAGE_POLICY } from './default-policy';
import type { TriagePolicy } from './triage-policy';

/** Builders shared by the domain's specs: facts, context, policies and Shanghai wall times. */
export const COMPLAINT_ID = '6f1c1b8e-9d8a-4d2a-9a53-0c0ffee00001';

export function complaintFacts(overrides: Partial<ComplaintFacts> = {}): ComplaintFacts {
  return {
    complaintId: COMPLAINT_ID,
    registeredAt: '2026-03-02T02:00:00.000Z',
    subject: { type: 'product', productSku: 'SKU-1' },
    description: '东西收到了',
    complainantCount: 1,
    flags: NO_FLAGS,
    ...overrides,
  };
}

export function withFlags(flags: Partial<Flags>): Flags {
  return { ...NO_FLAGS, ...flags };
}

export function openContext(overrides: Partial<TriageContext> = {}): TriageContext {
  return { status: 'open', clusterCount: 1, repeatAfterClosure: false, ...overrides };
}

export const defaultPolicy: CompiledPolicy = compilePolicy(DEFAULT_TRIAGE_POLICY, 1);

/** A mutable copy of the default policy, changed by `edit`, compiled as `version`. */
export function policyWith(edit: (policy: TriagePolicy) => void, version = 2): CompiledPolicy {
  return compilePolicy(editablePolicy(edit), version);
}

export function editablePolicy(
  edit: (policy: TriagePolicy) => void = () => undefined,
): TriagePolicy {
  const policy = structuredClone(DEFAULT_TRIAGE_POLICY) as TriagePolicy;
  edit(policy);
  return policy;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * 'Fri 2026-03-06 17:00' in Asia/Shanghai (UTC+8 all year, no DST) as an instant. The weekday
 * is checked, so a table of cases cannot name the wrong day.
 */
export function shanghai(text: string): Date {
  const match = /^(\w{3}) (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$/.exec(text);
  if (!match) throw new Error(`bad test time "${text}"`);
  const at = new Date(`${match[2]}T${match[3]}:00+08:00`);
  const weekday = WEEKDAYS[new Date(at.getTime() + 8 * 3_600_000).getUTCDay()];
  if (weekday !== match[1]) throw new Error(`${match[2]} is a ${weekday}, not a ${match[1]}`);
  return at;
}

/** An instant shown as 'Fri 2026-03-06 17:00' in Asia/Shanghai. */
export function showShanghai(at: Date | string): string {
  const local = new Date(new Date(at).getTime() + 8 * 3_600_000);
  const iso = local.toISOString();
  return `${WEEKDAYS[local.getUTCDay()]} ${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/**
 * The default policy with every taxonomy keyword removed, then only the given ones:
 * `{ logistics: ['快递'], 'logistics.courier': ['快递员'] }` (a type, or `type.category`, or
 * `type.category.subcategory`). Specs of the matching rules use it so that they do not depend
 * on the default vocabulary.
 */
export function policyWithKeywords(
  keywords: Record<string, string[]>,
  edit: (policy: TriagePolicy) => void = () => undefined,
): CompiledPolicy {
  return policyWith((policy) => {
    for (const type of Object.values(policy.taxonomy.types)) {
      delete type.keywords;
      for (const category of Object.values(type.categories)) {
        category.keywords = [];
        for (const sub of Object.values(category.subcategories ?? {})) sub.keywords = [];
      }
    }
    for (const [path, list] of Object.entries(keywords)) {
      const [typeId, categoryId, subId] = path.split('.') as [SubjectType, string?, string?];
      const type = policy.taxonomy.types[typeId];
      if (!categoryId) type.keywords = list;
      else if (!subId) (type.categories[categoryId] ?? fail(path)).keywords = list;
      else
        (
          (type.categories[categoryId] ?? fail(path)).subcategories?.[subId] ?? fail(path)
        ).keywords = list;
    }
    edit(policy);
  });
}

function fail(path: string): never {
  throw new Error(`no taxonomy node ${path}`);
}
