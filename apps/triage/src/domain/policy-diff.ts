import type { TriagePolicy } from './triage-policy';

const MAX_LINES = 50;
const MAX_EXAMPLES = 5;

/**
 * A short human summary of what a new policy version changes, one line per changed path, for
 * `TriagePolicyChanged.summary`: `routing.types.billing: "finance" → "accounting"`,
 * `taxonomy.types.product.categories.quality.keywords: added "霉斑"; removed "掉漆"`,
 * `severity.rules: added rule "recall-notice"`.
 */
export function summarisePolicyChange(
  before: TriagePolicy | undefined,
  after: TriagePolicy,
): string[] {
  if (!before) return ['first policy version'];
  const lines: string[] = [];
  diff(before, after, '', lines);
  if (lines.length === 0) return ['no change'];
  if (lines.length > MAX_LINES) {
    return [...lines.slice(0, MAX_LINES), `… and ${lines.length - MAX_LINES} more changes`];
  }
  return lines;
}

function diff(a: unknown, b: unknown, path: string, lines: string[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    diffArrays(a, b, path, lines);
  } else if (isRecord(a) && isRecord(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const here = path ? `${path}.${key}` : key;
      if (!(key in b)) lines.push(`${here}: removed`);
      else if (!(key in a)) lines.push(`${here}: added ${show(b[key])}`);
      else diff(a[key], b[key], here, lines);
    }
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    lines.push(`${path || '(policy)'}: ${show(a)} → ${show(b)}`);
  }
}

function diffArrays(a: unknown[], b: unknown[], path: string, lines: string[]): void {
  const ids = (list: unknown[]): Array<string | undefined> =>
    list.map((item) => (isRecord(item) && typeof item.id === 'string' ? item.id : undefined));
  const aIds = ids(a);
  const bIds = ids(b);
  if (aIds.every(Boolean) && bIds.every(Boolean)) {
    // Rules with ids: compare by id, wherever they sit in the list.
    for (const [index, id] of bIds.entries()) {
      const old = aIds.indexOf(id);
      if (old < 0) lines.push(`${path}: added rule "${id}"`);
      else diff(a[old], b[index], `${path}.${id}`, lines);
    }
    for (const id of aIds) if (!bIds.includes(id)) lines.push(`${path}: removed rule "${id}"`);
    return;
  }
  if (a.every(isScalar) && b.every(isScalar)) {
    // Keyword lists, mostly unchanged: compared value by value (JSON scalars are equal exactly
    // when their JSON is), and only what was added or removed is written as JSON.
    if (sameScalars(a, b)) return;
    const aSet = new Set(a);
    const bSet = new Set(b);
    const added = [...bSet].filter((v) => !aSet.has(v)).map((v) => JSON.stringify(v));
    const removed = [...aSet].filter((v) => !bSet.has(v)).map((v) => JSON.stringify(v));
    const parts: string[] = [];
    if (added.length) parts.push(`added ${examples(added)}`);
    if (removed.length) parts.push(`removed ${examples(removed)}`);
    lines.push(`${path}: ${parts.length ? parts.join('; ') : 'reordered'}`);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    lines.push(`${path}: ${a.length} → ${b.length} entries, changed`);
  }
}

function examples(values: string[]): string {
  const shown = values.slice(0, MAX_EXAMPLES).join(', ');
  return values.length > MAX_EXAMPLES ? `${shown} (+${values.length - MAX_EXAMPLES} more)` : shown;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  const type = typeof value;
  return value === null || type === 'string' || type === 'number' || type === 'boolean';
}

function sameScalars(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
