import {
  CUSTOMER_TIERS,
  ESCALATION_CLASSES,
  FLAG_NAMES,
  SEVERITIES,
  SUBJECT_TYPES,
  isDepartmentName,
  isTaxonomyId,
} from '@redress/contracts';
import { CALENDAR_PRESETS, validateCalendarConfig } from '@redress/business-time';
import { CLUSTER_SUBJECT_FIELDS } from './complaint-facts';
import { classRank } from './grades';
import { keywordText } from './keyword-matcher';
import { SLA_CLOCK_KINDS } from './triage-policy';

/** One problem of a policy document, at a dot path (`taxonomy.types.product.keywords.3`). */
export interface PolicyProblem {
  path: string;
  message: string;
}

const MAX_KEYWORD_LENGTH = 100;
/**
 * Bounds of a policy document (issue 10: every array has a maximum size). The default policy's
 * longest list holds 390 keywords and all of them 4,524; these leave room to grow while keeping
 * validation, compilation and storage of a policy bounded.
 */
export const MAX_POLICY_LIST = 1_000;
export const MAX_POLICY_KEYWORDS = 10_000;

/**
 * What validation asks of a keyword's text: whether anything is left to match once normalised
 * (`keywordText`), and the form two entries are duplicates by (NFKC, lower case). Both depend on
 * the text alone, so they are kept for the texts seen last: a policy is mostly sent again with a
 * few keywords changed, and normalising 10,000 keywords was most of a change's validation. At
 * most two policies' worth are kept; the cache is emptied when full.
 */
const normalisedKeywords = new Map<string, { matches: boolean; key: string }>();
const NORMALISED_KEYWORDS_KEPT = 2 * MAX_POLICY_KEYWORDS;

function normalisedKeyword(trimmed: string): { matches: boolean; key: string } {
  let known = normalisedKeywords.get(trimmed);
  if (known === undefined) {
    if (normalisedKeywords.size >= NORMALISED_KEYWORDS_KEPT) normalisedKeywords.clear();
    known = {
      matches: keywordText(trimmed) !== undefined,
      key: trimmed.normalize('NFKC').toLowerCase(),
    };
    normalisedKeywords.set(trimmed, known);
  }
  return known;
}

type Json = Record<string, unknown>;

/**
 * Every problem of an untrusted policy document, each at its path, so that `PUT /triage/policy`
 * can answer 400 naming the bad part. Empty when the document is a valid `TriagePolicy`.
 * Unknown fields are problems too (CONTRACT "Errors": rejected, not ignored).
 */
export function validatePolicy(input: unknown): PolicyProblem[] {
  const check = new Checker();
  const root = check.object(
    input,
    '',
    ['taxonomy', 'routing', 'classification', 'severity', 'escalation', 'sla', 'calendar'],
    [],
  );
  // Each section reports itself when missing.
  if (!root) return check.problems;
  const categories = validateTaxonomy(check, root.taxonomy);
  validateRouting(check, root.routing, categories);
  validateClassification(check, root.classification);
  validateSeverity(check, root.severity);
  validateEscalation(check, root.escalation);
  validateSla(check, root.sla);
  validateCalendar(check, root.calendar);
  if (check.keywordCount > MAX_POLICY_KEYWORDS) {
    check.add(
      '',
      `holds ${check.keywordCount} keywords in all; a policy holds at most ${MAX_POLICY_KEYWORDS}`,
    );
  }
  return check.problems;
}

/** Categories (and their subcategories) per type, for checking references to them. */
type KnownCategories = Map<string, Map<string, Set<string>>>;

function validateTaxonomy(check: Checker, value: unknown): KnownCategories {
  const known: KnownCategories = new Map();
  const taxonomy = check.object(value, 'taxonomy', ['types']);
  if (!taxonomy) return known;
  const types = check.object(taxonomy.types, 'taxonomy.types', SUBJECT_TYPES, SUBJECT_TYPES);
  if (!types) return known;
  for (const typeId of SUBJECT_TYPES) {
    const path = `taxonomy.types.${typeId}`;
    const node = check.object(
      types[typeId],
      path,
      ['label', 'defaultCategory', 'keywords', 'categories'],
      ['defaultCategory', 'categories'],
    );
    if (!node) continue;
    check.optionalString(node.label, `${path}.label`);
    if (node.keywords !== undefined) check.keywords(node.keywords, `${path}.keywords`);
    const categories = new Map<string, Set<string>>();
    known.set(typeId, categories);
    const categoryNodes = check.idRecord(node.categories, `${path}.categories`);
    for (const [categoryId, categoryValue] of categoryNodes) {
      const categoryPath = `${path}.categories.${categoryId}`;
      const subcategories = new Set<string>();
      categories.set(categoryId, subcategories);
      const category = check.object(categoryValue, categoryPath, [
        'label',
        'keywords',
        'subcategories',
      ]);
      if (!category) continue;
      check.optionalString(category.label, `${categoryPath}.label`);
      check.keywords(category.keywords, `${categoryPath}.keywords`);
      if (category.subcategories === undefined) continue;
      for (const [subId, subValue] of check.idRecord(
        category.subcategories,
        `${categoryPath}.subcategories`,
        false,
      )) {
        subcategories.add(subId);
        const subPath = `${categoryPath}.subcategories.${subId}`;
        const sub = check.object(subValue, subPath, ['label', 'keywords']);
        if (!sub) continue;
        check.optionalString(sub.label, `${subPath}.label`);
        check.keywords(sub.keywords, `${subPath}.keywords`);
      }
    }
    if (typeof node.defaultCategory !== 'string') {
      check.add(`${path}.defaultCategory`, 'is required: the id of one of its categories');
    } else if (categoryNodes.length > 0 && !categories.has(node.defaultCategory)) {
      check.add(
        `${path}.defaultCategory`,
        `"${node.defaultCategory}" is not one of its categories (${[...categories.keys()].join(', ')})`,
      );
    }
  }
  return known;
}

function validateRouting(check: Checker, value: unknown, categories: KnownCategories): void {
  const routing = check.object(value, 'routing', ['types', 'overrides']);
  if (!routing) return;
  const types = check.object(routing.types, 'routing.types', SUBJECT_TYPES, SUBJECT_TYPES);
  if (types) {
    for (const typeId of SUBJECT_TYPES) {
      if (typeId in types) check.body(types[typeId], `routing.types.${typeId}`);
    }
  }
  const overrides = check.array(routing.overrides, 'routing.overrides');
  const seen = new Map<string, number>();
  overrides.forEach((item, index) => {
    const path = `routing.overrides.${index}`;
    const row = check.object(
      item,
      path,
      ['type', 'category', 'subcategory', 'department'],
      ['type', 'category', 'department'],
    );
    if (!row) return;
    check.body(row.department, `${path}.department`);
    const type = check.oneOf(row.type, `${path}.type`, SUBJECT_TYPES);
    if (!type) return;
    const typeCategories = categories.get(type);
    if (typeof row.category !== 'string') {
      check.add(`${path}.category`, 'must be a category id');
      return;
    }
    const subcategories = typeCategories?.get(row.category);
    if (typeCategories && !subcategories) {
      check.add(`${path}.category`, `"${row.category}" is not a category of ${type}`);
      return;
    }
    if (row.subcategory !== undefined) {
      if (typeof row.subcategory !== 'string') {
        check.add(`${path}.subcategory`, 'must be a subcategory id');
        return;
      }
      if (subcategories && !subcategories.has(row.subcategory)) {
        check.add(
          `${path}.subcategory`,
          `"${row.subcategory}" is not a subcategory of ${type}.${row.category}`,
        );
        return;
      }
    }
    const key = [type, row.category, row.subcategory ?? ''].join('/');
    const first = seen.get(key);
    if (first !== undefined) {
      check.add(
        path,
        `routes the same ${row.subcategory ? 'subcategory' : 'category'} as routing.overrides.${first}`,
      );
    } else {
      seen.set(key, index);
    }
  });
}

function validateClassification(check: Checker, value: unknown): void {
  const settings = check.object(value, 'classification', ['confidenceThreshold', 'titleWeight']);
  if (!settings) return;
  check.number(settings.confidenceThreshold, 'classification.confidenceThreshold', {
    min: 0,
    max: 1,
  });
  check.number(settings.titleWeight, 'classification.titleWeight', { min: 1, max: 10 });
}

function validateSeverity(check: Checker, value: unknown): void {
  const severity = check.object(value, 'severity', ['default', 'flags', 'rules']);
  if (!severity) return;
  check.oneOf(severity.default, 'severity.default', SEVERITIES);
  const flags = check.object(severity.flags, 'severity.flags', FLAG_NAMES, []);
  if (flags) {
    for (const [flag, level] of Object.entries(flags)) {
      check.oneOf(level, `severity.flags.${flag}`, SEVERITIES);
    }
  }
  const ids = new Map<string, string>();
  check.array(severity.rules, 'severity.rules').forEach((item, index) => {
    const path = `severity.rules.${index}`;
    const rule = check.object(item, path, ['id', 'severity', 'keywords']);
    if (!rule) return;
    check.uniqueId(rule.id, `${path}.id`, ids);
    check.oneOf(rule.severity, `${path}.severity`, SEVERITIES);
    check.keywords(rule.keywords, `${path}.keywords`, true);
  });
}

function validateEscalation(check: Checker, value: unknown): void {
  const escalation = check.object(value, 'escalation', [
    'flags',
    'collective',
    'cluster',
    'repeatAfterClosure',
    'hotTopic',
    'unresolvedAge',
    'keywordRules',
    'classes',
    'headquarters',
  ]);
  if (!escalation) return;
  // Every escalation rule appears as `escalation:<id>` in rulesFired: ids are unique across them.
  const ids = new Map<string, string>();
  const flags = check.object(escalation.flags, 'escalation.flags', FLAG_NAMES, []);
  if (flags) {
    for (const [flag, escalationClass] of Object.entries(flags)) {
      check.oneOf(escalationClass, `escalation.flags.${flag}`, ESCALATION_CLASSES);
    }
  }
  validateThresholdRules(
    check,
    escalation.collective,
    'escalation.collective',
    'minComplainants',
    ids,
    2,
  );
  const cluster = check.object(
    escalation.cluster,
    'escalation.cluster',
    ['windowDays', 'rules', 'subjects'],
    ['windowDays', 'rules'],
  );
  if (cluster) {
    if (cluster.subjects !== undefined) {
      const subjects = check.array(cluster.subjects, 'escalation.cluster.subjects');
      const seen = new Set<unknown>();
      subjects.forEach((field, index) => {
        const path = `escalation.cluster.subjects.${index}`;
        check.oneOf(field, path, CLUSTER_SUBJECT_FIELDS);
        if (seen.has(field)) check.add(path, `${JSON.stringify(field)} is listed twice`);
        seen.add(field);
      });
    }
    check.number(cluster.windowDays, 'escalation.cluster.windowDays', {
      min: 1,
      max: 366,
      integer: true,
    });
    validateThresholdRules(
      check,
      cluster.rules,
      'escalation.cluster.rules',
      'minComplainants',
      ids,
      2,
    );
  }
  for (const field of ['repeatAfterClosure', 'hotTopic'] as const) {
    if (escalation[field] !== null) {
      check.oneOf(escalation[field], `escalation.${field}`, ESCALATION_CLASSES, 'or null (off)');
    }
  }
  validateThresholdRules(
    check,
    escalation.unresolvedAge,
    'escalation.unresolvedAge',
    'afterDays',
    ids,
    1,
  );
  check.array(escalation.keywordRules, 'escalation.keywordRules').forEach((item, index) => {
    const path = `escalation.keywordRules.${index}`;
    const rule = check.object(item, path, ['id', 'class', 'keywords']);
    if (!rule) return;
    check.uniqueId(rule.id, `${path}.id`, ids);
    check.oneOf(rule.class, `${path}.class`, ESCALATION_CLASSES);
    check.keywords(rule.keywords, `${path}.keywords`, true);
  });
  const classes = check.object(
    escalation.classes,
    'escalation.classes',
    ESCALATION_CLASSES,
    ESCALATION_CLASSES,
  );
  if (classes) {
    for (const escalationClass of ESCALATION_CLASSES) {
      const path = `escalation.classes.${escalationClass}`;
      const recipients = check.object(classes[escalationClass], path, [
        'approver',
        'notify',
        'reportToHeadquarters',
      ]);
      if (!recipients) continue;
      check.body(recipients.approver, `${path}.approver`);
      const notified = new Map<string, number>();
      check.array(recipients.notify, `${path}.notify`).forEach((body, index) => {
        if (!check.body(body, `${path}.notify.${index}`)) return;
        const first = notified.get(body);
        if (first !== undefined)
          check.add(`${path}.notify.${index}`, `duplicates ${path}.notify.${first}`);
        else notified.set(body, index);
      });
      if (typeof recipients.reportToHeadquarters !== 'boolean') {
        check.add(`${path}.reportToHeadquarters`, 'must be true or false');
      }
    }
  }
  check.body(escalation.headquarters, 'escalation.headquarters');
}

/**
 * Threshold rules (collective size, cluster size, age): whole numbers from `min`, distinct,
 * and a higher threshold never gives a lower class than a lower one.
 */
function validateThresholdRules(
  check: Checker,
  value: unknown,
  path: string,
  field: 'minComplainants' | 'afterDays',
  ids: Map<string, string>,
  min: number,
): void {
  const valid: Array<{ index: number; threshold: number; rank: number }> = [];
  check.array(value, path).forEach((item, index) => {
    const here = `${path}.${index}`;
    const rule = check.object(item, here, ['id', field, 'class']);
    if (!rule) return;
    check.uniqueId(rule.id, `${here}.id`, ids);
    const threshold = check.number(rule[field], `${here}.${field}`, {
      min,
      max: 100_000,
      integer: true,
    });
    const escalationClass = check.oneOf(rule.class, `${here}.class`, ESCALATION_CLASSES);
    if (threshold !== undefined && escalationClass) {
      valid.push({ index, threshold, rank: classRank(escalationClass) });
    }
  });
  for (const rule of valid) {
    for (const other of valid) {
      if (other.index >= rule.index) continue;
      if (other.threshold === rule.threshold) {
        check.add(
          `${path}.${rule.index}.${field}`,
          `repeats the threshold of ${path}.${other.index}`,
        );
      } else if (other.threshold < rule.threshold !== other.rank <= rule.rank) {
        check.add(
          `${path}.${rule.index}.class`,
          `contradicts ${path}.${other.index}: a higher ${field} must not give a lower class`,
        );
      }
    }
  }
}

function validateSla(check: Checker, value: unknown): void {
  const sla = check.object(value, 'sla', ['targets', 'customerTiers']);
  if (!sla) return;
  const targets = check.object(sla.targets, 'sla.targets', SEVERITIES, SEVERITIES);
  if (targets) {
    for (const level of SEVERITIES) {
      const path = `sla.targets.${level}`;
      const target = check.object(
        targets[level],
        path,
        ['clock', 'respondWithin', 'planWithin', 'resolveWithin'],
        ['clock', 'resolveWithin'],
      );
      if (!target) continue;
      check.oneOf(target.clock, `${path}.clock`, SLA_CLOCK_KINDS);
      for (const field of ['respondWithin', 'planWithin', 'resolveWithin'] as const) {
        if (target[field] !== undefined) check.duration(target[field], `${path}.${field}`);
      }
    }
  }
  const tiers = check.object(
    sla.customerTiers,
    'sla.customerTiers',
    CUSTOMER_TIERS,
    CUSTOMER_TIERS,
  );
  if (tiers) {
    for (const tier of CUSTOMER_TIERS) {
      const path = `sla.customerTiers.${tier}`;
      const setting = check.object(tiers[tier], path, ['factor']);
      if (!setting) continue;
      const factor = setting.factor;
      // DOMAIN §2: customer value may speed a clock up but never lengthens anyone's clock.
      if (typeof factor === 'number' && Number.isFinite(factor) && factor > 1) {
        check.add(
          `${path}.factor`,
          `a tier may only shorten clocks: must be at most 1, got ${factor}`,
        );
      } else {
        check.number(factor, `${path}.factor`, { min: 0.01, max: 1 });
      }
    }
  }
}

function validateCalendar(check: Checker, value: unknown): void {
  if (typeof value === 'string') {
    if (!(value in CALENDAR_PRESETS)) {
      check.add(
        'calendar',
        `unknown calendar preset "${value}"; presets: ${Object.keys(CALENDAR_PRESETS).join(', ')}`,
      );
    }
    return;
  }
  if (value === undefined) {
    check.add('calendar', 'is required: a preset name or a business calendar');
    return;
  }
  for (const problem of validateCalendarConfig(value, 'calendar')) {
    // The calendar library writes `workingHours[1].end: message`; policy paths use dots only.
    const split = problem.indexOf(': ');
    const path = split < 0 ? 'calendar' : problem.slice(0, split);
    const message = split < 0 ? problem : problem.slice(split + 2);
    check.add(path.replace(/\[(\d+)\]/g, '.$1'), message.replace(/\[(\d+)\]/g, '.$1'));
  }
}

/** Collects problems; each method checks one kind of value and returns it when usable. */
class Checker {
  readonly problems: PolicyProblem[] = [];
  /** Keywords of every list checked so far. */
  keywordCount = 0;

  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  /**
   * An object with only `known` fields, all of `required` present; by default every known
   * field but the policy's optional ones (OPTIONAL_FIELDS) is required.
   */
  object(
    value: unknown,
    path: string,
    known: readonly string[],
    required: readonly string[] = known.filter((field) => !OPTIONAL_FIELDS.has(field)),
  ): Json | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.add(path, value === undefined ? 'is required' : 'must be an object');
      return undefined;
    }
    const record = value as Json;
    const knownSet = new Set(known);
    for (const key of Object.keys(record)) {
      if (!knownSet.has(key)) {
        this.add(join(path, key), `unknown field; expected one of ${known.join(', ')}`);
      }
    }
    for (const field of required) {
      if (record[field] === undefined) this.add(join(path, field), 'is required');
    }
    return record;
  }

  /** A non-empty object keyed by ids; returns its entries whose key is a valid id. */
  idRecord(value: unknown, path: string, nonEmpty = true): Array<[string, unknown]> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.add(path, value === undefined ? 'is required' : 'must be an object keyed by id');
      return [];
    }
    const entries = Object.entries(value as Json);
    if (nonEmpty && entries.length === 0) this.add(path, 'must hold at least one entry');
    return entries.filter(([id]) => {
      if (isTaxonomyId(id)) return true;
      this.add(
        join(path, id),
        'id must be lower-case kebab-case (a-z, 0-9, -), starting with a letter',
      );
      return false;
    });
  }

  /** An array of at most `MAX_POLICY_LIST` items (only those are checked further). */
  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) {
      this.add(path, value === undefined ? 'is required' : 'must be an array');
      return [];
    }
    if (value.length > MAX_POLICY_LIST) {
      this.add(path, `must hold at most ${MAX_POLICY_LIST} items (it holds ${value.length})`);
      return value.slice(0, MAX_POLICY_LIST);
    }
    return value;
  }

  optionalString(value: unknown, path: string): void {
    if (value !== undefined && typeof value !== 'string') this.add(path, 'must be a string');
  }

  oneOf<T extends string>(
    value: unknown,
    path: string,
    allowed: readonly T[],
    extra = '',
  ): T | undefined {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
      return value as T;
    const got = value === undefined ? 'nothing' : JSON.stringify(value);
    this.add(path, `must be one of ${allowed.join(', ')}${extra ? ` ${extra}` : ''}; got ${got}`);
    return undefined;
  }

  number(
    value: unknown,
    path: string,
    range: { min: number; max: number; integer?: boolean },
  ): number | undefined {
    const kind = range.integer ? 'a whole number' : 'a number';
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      (range.integer && !Number.isInteger(value))
    ) {
      this.add(path, `must be ${kind} from ${range.min} to ${range.max}`);
      return undefined;
    }
    if (value < range.min || value > range.max) {
      this.add(path, `must be ${kind} from ${range.min} to ${range.max}, got ${value}`);
      return undefined;
    }
    return value;
  }

  /** A department, approver or notified body: not empty, lower-case, as in tokens. */
  body(value: unknown, path: string): value is string {
    if (typeof value !== 'string') {
      this.add(path, 'must name a department or body as a string (e.g. customer-service)');
      return false;
    }
    if (value.trim() === '') {
      this.add(path, 'must name a department or body (e.g. customer-service); it is empty');
      return false;
    }
    if (!isDepartmentName(value)) {
      this.add(path, `"${value}" must be lower-case letters, digits, - or _ (at most 64)`);
      return false;
    }
    return true;
  }

  uniqueId(value: unknown, path: string, seen: Map<string, string>): void {
    if (typeof value !== 'string' || !isTaxonomyId(value)) {
      this.add(path, 'must be a lower-case kebab-case id (a-z, 0-9, -), starting with a letter');
      return;
    }
    const first = seen.get(value);
    if (first !== undefined) this.add(path, `duplicate id "${value}" (first at ${first})`);
    else seen.set(value, path);
  }

  /**
   * A list of keywords (README "Keywords"). Two entries that are the same after NFKC and lower
   * case are a duplicate; a traditional and a simplified spelling of one word are not (both may
   * be listed for the people who edit the policy).
   */
  keywords(value: unknown, path: string, nonEmpty = false): void {
    const list = this.array(value, path);
    this.keywordCount += Array.isArray(value) ? value.length : 0;
    if (nonEmpty && Array.isArray(value) && list.length === 0) {
      this.add(path, 'must list at least one keyword');
    }
    const seen = new Map<string, number>();
    // The item's path is spelled out only for a problem: a policy at the limit has 10,000 items.
    const at = (index: number): string => `${path}.${index}`;
    for (let index = 0; index < list.length; index += 1) {
      const keyword = list[index];
      if (typeof keyword !== 'string') {
        this.add(at(index), 'must be a string');
        continue;
      }
      const trimmed = keyword.trim();
      if (trimmed.length === 0) {
        this.add(at(index), 'must not be empty');
        continue;
      }
      if (trimmed.length > MAX_KEYWORD_LENGTH) {
        this.add(at(index), `must be at most ${MAX_KEYWORD_LENGTH} characters`);
        continue;
      }
      const star = trimmed.indexOf('*');
      if (star >= 0 && star !== trimmed.length - 1) {
        this.add(at(index), '"*" may only end a keyword (a prefix: "explo*")');
        continue;
      }
      if (star >= 0 && !/[\p{Script=Latin}\d]\*$/u.test(trimmed.normalize('NFKC'))) {
        this.add(
          at(index),
          '"*" only follows a Latin letter or digit; Chinese always matches anywhere',
        );
        continue;
      }
      const { matches, key } = normalisedKeyword(trimmed);
      // Whether anything is left to match; the other spellings a keyword adds never matter here.
      if (!matches) {
        this.add(at(index), 'has nothing left to match after normalising');
        continue;
      }
      const first = seen.get(key);
      if (first !== undefined) this.add(at(index), `duplicates ${path}.${first} ("${keyword}")`);
      else seen.set(key, index);
    }
  }

  /** An SLA duration: `{ days?, hours?, minutes? }`, none negative, whole days, more than 0. */
  duration(value: unknown, path: string): void {
    const duration = this.object(value, path, ['days', 'hours', 'minutes'], []);
    if (!duration) return;
    const problemsBefore = this.problems.length;
    let total = 0;
    for (const unit of ['days', 'hours', 'minutes'] as const) {
      const amount = duration[unit];
      if (amount === undefined) continue;
      const checked = this.number(amount, `${path}.${unit}`, {
        min: 0,
        max: unit === 'minutes' ? 525_600 : unit === 'hours' ? 8_784 : 366,
        integer: unit === 'days',
      });
      total += checked ?? 0;
    }
    if (total === 0 && this.problems.length === problemsBefore) {
      this.add(path, 'must be longer than zero (days, hours or minutes)');
    }
  }
}

const OPTIONAL_FIELDS = new Set([
  'label',
  'subcategories',
  'subcategory',
  'respondWithin',
  'planWithin',
]);

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
