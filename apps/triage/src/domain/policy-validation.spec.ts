import { DEFAULT_TRIAGE_POLICY } from './default-policy';
import { acceptPolicy, compilePolicy } from './compiled-policy';
import { InvalidTriagePolicy } from './errors';
import { MAX_POLICY_KEYWORDS, MAX_POLICY_LIST, validatePolicy } from './policy-validation';
import { editablePolicy } from './spec-fixtures';

/** A copy of the default policy with the value at a dot path replaced (`undefined` deletes). */
function policyWithValue(path: string, value: unknown): unknown {
  const policy: unknown = editablePolicy();
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  let node = policy as Record<string, unknown>;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return policy;
}

// Where the default policy lists "defect", and the place after it, for the duplicate case.
const DEFECT =
  DEFAULT_TRIAGE_POLICY.taxonomy.types.product.categories.quality?.keywords.indexOf('defect');

describe('validatePolicy', () => {
  it('accepts a taxonomy type without keywords of its own', () => {
    const policy = editablePolicy((p) => {
      delete p.taxonomy.types.logistics.keywords;
    });
    expect(validatePolicy(policy)).toEqual([]);
  });

  it('accepts the default policy', () => {
    expect(validatePolicy(DEFAULT_TRIAGE_POLICY)).toEqual([]);
  });

  it(`refuses a list of more than ${MAX_POLICY_LIST} items, naming it`, () => {
    const keywords = Array.from({ length: MAX_POLICY_LIST + 1 }, (_, i) => `word${i}`);
    expect(validatePolicy(policyWithValue('taxonomy.types.logistics.keywords', keywords))).toEqual([
      {
        path: 'taxonomy.types.logistics.keywords',
        message: `must hold at most ${MAX_POLICY_LIST} items (it holds ${MAX_POLICY_LIST + 1})`,
      },
    ]);
  });

  it(`refuses more than ${MAX_POLICY_KEYWORDS} keywords in all`, () => {
    const policy = editablePolicy((p) => {
      for (const [type, node] of Object.entries(p.taxonomy.types)) {
        node.keywords = Array.from({ length: 900 }, (_, i) => `${type}word${i}`);
      }
    });
    expect(validatePolicy(policy)).toEqual([
      {
        path: '',
        message: expect.stringMatching(/^holds \d+ keywords in all; a policy holds at most 10000$/),
      },
    ]);
  });

  it('accepts a calendar given as a preset name', () => {
    expect(validatePolicy(policyWithValue('calendar', '24x7'))).toEqual([]);
  });

  it('accepts a policy without cluster subjects (the default ones apply) or with a store channel', () => {
    expect(validatePolicy(policyWithValue('escalation.cluster.subjects', undefined))).toEqual([]);
    expect(
      validatePolicy(policyWithValue('escalation.cluster.subjects', ['purchaseChannel'])),
    ).toEqual([]);
  });

  it.each<[string, string, unknown, string, RegExp]>([
    [
      'a cluster subject that is not a subject identifier',
      'escalation.cluster.subjects',
      ['productSku', 'category'],
      'escalation.cluster.subjects.1',
      /must be one of productSku, batchNo, productModel, staffId, purchaseChannel/,
    ],
    [
      'a cluster subject listed twice',
      'escalation.cluster.subjects',
      ['staffId', 'staffId'],
      'escalation.cluster.subjects.1',
      /listed twice/,
    ],
    [
      'an empty keyword',
      'taxonomy.types.product.categories.quality.keywords.3',
      '  ',
      'taxonomy.types.product.categories.quality.keywords.3',
      /must not be empty/,
    ],
    [
      'a keyword that is not a string',
      'taxonomy.types.product.categories.quality.keywords.0',
      42,
      'taxonomy.types.product.categories.quality.keywords.0',
      /must be a string/,
    ],
    [
      'a duplicated keyword (case and width ignored)',
      `taxonomy.types.product.categories.quality.keywords.${(DEFECT ?? 0) + 1}`,
      'ＤＥＦＥＣＴ',
      `taxonomy.types.product.categories.quality.keywords.${(DEFECT ?? 0) + 1}`,
      new RegExp(
        `duplicates taxonomy\\.types\\.product\\.categories\\.quality\\.keywords\\.${DEFECT}\\b`,
      ),
    ],
    [
      'an empty type keyword',
      'taxonomy.types.logistics.keywords',
      ['快递', '  '],
      'taxonomy.types.logistics.keywords.1',
      /must not be empty/,
    ],
    [
      'type keywords that are not a list',
      'taxonomy.types.logistics.keywords',
      '快递',
      'taxonomy.types.logistics.keywords',
      /must be an array/,
    ],
    [
      'a star inside a keyword',
      'severity.rules.0.keywords.0',
      'ex*plode',
      'severity.rules.0.keywords.0',
      /may only end a keyword/,
    ],
    [
      'a star after Chinese',
      'severity.rules.0.keywords.0',
      '爆*',
      'severity.rules.0.keywords.0',
      /only follows a Latin letter/,
    ],
    [
      'a keyword rule without keywords',
      'severity.rules.0.keywords',
      [],
      'severity.rules.0.keywords',
      /at least one keyword/,
    ],
    [
      'an unknown subject type',
      'taxonomy.types.pets',
      { defaultCategory: 'x', categories: {} },
      'taxonomy.types.pets',
      /unknown field/,
    ],
    [
      'a missing subject type',
      'taxonomy.types.billing',
      undefined,
      'taxonomy.types.billing',
      /is required/,
    ],
    [
      'a category id that is not kebab-case',
      'taxonomy.types.product.categories.Bad_Id',
      { keywords: [] },
      'taxonomy.types.product.categories.Bad_Id',
      /kebab-case/,
    ],
    [
      'a type without categories',
      'taxonomy.types.other.categories',
      {},
      'taxonomy.types.other.categories',
      /at least one entry/,
    ],
    [
      'a default category that does not exist',
      'taxonomy.types.product.defaultCategory',
      'misc',
      'taxonomy.types.product.defaultCategory',
      /"misc" is not one of its categories/,
    ],
    [
      'an unknown field in a category',
      'taxonomy.types.product.categories.quality.weight',
      2,
      'taxonomy.types.product.categories.quality.weight',
      /unknown field/,
    ],
    [
      'routing to an empty department',
      'routing.types.billing',
      '',
      'routing.types.billing',
      /it is empty/,
    ],
    [
      'routing to a department with capitals',
      'routing.types.billing',
      'Finance Dept',
      'routing.types.billing',
      /lower-case/,
    ],
    [
      'a routing override to an unknown category',
      'routing.overrides',
      [{ type: 'product', category: 'colour', department: 'quality' }],
      'routing.overrides.0.category',
      /"colour" is not a category of product/,
    ],
    [
      'a routing override to an unknown subcategory',
      'routing.overrides',
      [{ type: 'product', category: 'quality', subcategory: 'taste', department: 'quality' }],
      'routing.overrides.0.subcategory',
      /not a subcategory of product\.quality/,
    ],
    [
      'a routing override with an empty department',
      'routing.overrides',
      [{ type: 'product', category: 'packaging', department: ' ' }],
      'routing.overrides.0.department',
      /it is empty/,
    ],
    [
      'a duplicated routing override',
      'routing.overrides',
      [
        { type: 'product', category: 'packaging', department: 'logistics' },
        { type: 'product', category: 'packaging', department: 'quality' },
      ],
      'routing.overrides.1',
      /same category as routing\.overrides\.0/,
    ],
    [
      'a confidence threshold above 1',
      'classification.confidenceThreshold',
      1.5,
      'classification.confidenceThreshold',
      /from 0 to 1, got 1\.5/,
    ],
    [
      'a confidence threshold that is not a number',
      'classification.confidenceThreshold',
      '0.6',
      'classification.confidenceThreshold',
      /must be a number/,
    ],
    [
      'a title weight below 1',
      'classification.titleWeight',
      0.5,
      'classification.titleWeight',
      /from 1 to 10/,
    ],
    [
      'an unknown severity',
      'severity.default',
      'critical',
      'severity.default',
      /must be one of minor, general, serious, major; got "critical"/,
    ],
    ['an unknown flag', 'severity.flags.onFire', 'major', 'severity.flags.onFire', /unknown field/],
    [
      'a duplicated severity rule id',
      'severity.rules.1.id',
      'safety-hazard',
      'severity.rules.1.id',
      /duplicate id "safety-hazard" \(first at severity\.rules\.0\.id\)/,
    ],
    [
      'an escalation id used by two rule families',
      'escalation.unresolvedAge.0.id',
      'collective-3',
      'escalation.unresolvedAge.0.id',
      /duplicate id "collective-3"/,
    ],
    [
      'a collective threshold below 2',
      'escalation.collective.0.minComplainants',
      1,
      'escalation.collective.0.minComplainants',
      /from 2/,
    ],
    [
      'a fractional cluster threshold',
      'escalation.cluster.rules.0.minComplainants',
      2.5,
      'escalation.cluster.rules.0.minComplainants',
      /whole number/,
    ],
    [
      'a higher threshold with a lower class',
      'escalation.collective.1.class',
      'general',
      'escalation.collective.1.class',
      /must not give a lower class/,
    ],
    [
      'a repeated age threshold',
      'escalation.unresolvedAge.1.afterDays',
      7,
      'escalation.unresolvedAge.1.afterDays',
      /repeats the threshold/,
    ],
    [
      'a zero-day age rule',
      'escalation.unresolvedAge.0.afterDays',
      0,
      'escalation.unresolvedAge.0.afterDays',
      /from 1/,
    ],
    [
      'a cluster window of a year and more',
      'escalation.cluster.windowDays',
      400,
      'escalation.cluster.windowDays',
      /from 1 to 366/,
    ],
    [
      'an unknown class for a repeat',
      'escalation.repeatAfterClosure',
      'urgent',
      'escalation.repeatAfterClosure',
      /or null \(off\)/,
    ],
    [
      'an empty approver',
      'escalation.classes.hot.approver',
      '',
      'escalation.classes.hot.approver',
      /it is empty/,
    ],
    [
      'a duplicated notified body',
      'escalation.classes.major.notify',
      ['legal', 'legal'],
      'escalation.classes.major.notify.1',
      /duplicates escalation\.classes\.major\.notify\.0/,
    ],
    [
      'a missing escalation class',
      'escalation.classes.important',
      undefined,
      'escalation.classes.important',
      /is required/,
    ],
    [
      'a tier factor that lengthens clocks',
      'sla.customerTiers.high.factor',
      1.2,
      'sla.customerTiers.high.factor',
      /may only shorten clocks: must be at most 1, got 1\.2/,
    ],
    [
      'a tier factor of zero',
      'sla.customerTiers.low.factor',
      0,
      'sla.customerTiers.low.factor',
      /from 0\.01 to 1/,
    ],
    [
      'a negative SLA duration',
      'sla.targets.major.respondWithin.minutes',
      -15,
      'sla.targets.major.respondWithin.minutes',
      /from 0/,
    ],
    [
      'fractional SLA days',
      'sla.targets.minor.resolveWithin.days',
      1.5,
      'sla.targets.minor.resolveWithin.days',
      /whole number/,
    ],
    [
      'a zero SLA duration',
      'sla.targets.general.resolveWithin',
      { hours: 0 },
      'sla.targets.general.resolveWithin',
      /longer than zero/,
    ],
    [
      'an unknown SLA clock',
      'sla.targets.serious.clock',
      'weekdays',
      'sla.targets.serious.clock',
      /must be one of business, 24\/7/,
    ],
    [
      'an SLA target without resolution',
      'sla.targets.serious.resolveWithin',
      undefined,
      'sla.targets.serious.resolveWithin',
      /is required/,
    ],
    [
      'an unknown calendar preset',
      'calendar',
      'mars-2026',
      'calendar',
      /unknown calendar preset "mars-2026"/,
    ],
    [
      'an unknown time zone',
      'calendar.timeZone',
      'Asia/Peking',
      'calendar.timeZone',
      /unknown IANA time zone/,
    ],
    [
      'working hours that end before they start',
      'calendar.workingHours',
      [{ start: '18:00', end: '09:00' }],
      'calendar.workingHours.0.end',
      /must be after start/,
    ],
    [
      'an impossible holiday',
      'calendar.holidays',
      ['2026-02-30'],
      'calendar.holidays.0',
      /calendar date/,
    ],
    ['an unknown top-level field', 'colour', 'red', 'colour', /unknown field/],
  ])('names the path of %s', (_case, path, value, expectedPath, message) => {
    const problems = validatePolicy(policyWithValue(path, value));
    expect(problems).toContainEqual({
      path: expectedPath,
      message: expect.stringMatching(message),
    });
  });

  it('reports every problem of a document at once', () => {
    const policy = policyWithValue('classification.confidenceThreshold', 2) as Record<
      string,
      Record<string, unknown>
    >;
    (policy.routing?.types as Record<string, unknown>).billing = '';
    expect(validatePolicy(policy).map((p) => p.path)).toEqual([
      'routing.types.billing',
      'classification.confidenceThreshold',
    ]);
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'policy'],
  ])('rejects %s as a whole document', (_case, value) => {
    expect(validatePolicy(value)).toEqual([{ path: '', message: 'must be an object' }]);
  });

  it('names every missing section of an empty document', () => {
    expect(validatePolicy({}).map((p) => p.path)).toEqual([
      'taxonomy',
      'routing',
      'classification',
      'severity',
      'escalation',
      'sla',
      'calendar',
    ]);
  });
});

describe('compilePolicy', () => {
  it('refuses an invalid policy with every problem as a field error', () => {
    const bad = policyWithValue('sla.customerTiers.high.factor', 1.5);
    expect(() => compilePolicy(bad, 2)).toThrow(InvalidTriagePolicy);
    try {
      compilePolicy(bad, 2);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidTriagePolicy);
      expect((error as InvalidTriagePolicy).kind).toBe('validation');
      expect((error as InvalidTriagePolicy).fieldErrors).toEqual([
        { field: 'sla.customerTiers.high.factor', message: expect.stringContaining('at most 1') },
      ]);
    }
  });

  it.each([0, 1.5, -3])('refuses the policy version %p', (version) => {
    expect(() => compilePolicy(DEFAULT_TRIAGE_POLICY, version)).toThrow(
      /\(version\): must be a whole number/,
    );
  });

  it('keeps its own frozen copy, so later edits to the input change nothing', () => {
    const input = editablePolicy();
    const compiled = compilePolicy(input, 3);
    input.routing.types.billing = 'accounting';
    expect(compiled.policy.routing.types.billing).toBe('finance');
    expect(Object.isFrozen(compiled.policy.routing.types)).toBe(true);
    expect(compiled.version).toBe(3);
  });
});

describe('acceptPolicy (what PUT /triage/policy stores, before any automaton is built)', () => {
  /** The default policy with its category lists filled up to the policy's keyword limit. */
  function policyAtTheLimit(): unknown {
    const policy = editablePolicy();
    let total = 0;
    const count = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(count);
      else if (node !== null && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'keywords' && Array.isArray(value)) total += value.length;
          else count(value);
        }
      }
    };
    count(policy);
    for (const type of Object.values(policy.taxonomy.types)) {
      for (const category of Object.values(type.categories)) {
        while (category.keywords.length < MAX_POLICY_LIST && total < MAX_POLICY_KEYWORDS) {
          category.keywords.push(`limit word ${total}`);
          total += 1;
        }
      }
    }
    return policy;
  }

  it('accepts what compilePolicy compiles, as the same frozen copy', () => {
    for (const policy of [DEFAULT_TRIAGE_POLICY, policyAtTheLimit()]) {
      const accepted = acceptPolicy(policy, 2);
      expect(accepted).toEqual(policy);
      expect(accepted).not.toBe(policy);
      expect(Object.isFrozen(accepted.taxonomy.types.product.categories)).toBe(true);
      const compiled = compilePolicy(accepted, 2);
      expect(compiled.policy).toEqual(accepted);
      expect(compiled.keywordRefs.length).toBeGreaterThan(0);
    }
  });

  it('freezes a document handed over as it is, without copying it, and refuses it as any other', () => {
    const policy = policyAtTheLimit();
    const expected = structuredClone(policy);
    const accepted = acceptPolicy(policy, 2, { handedOver: true });
    expect(accepted).toBe(policy);
    expect(accepted).toEqual(expected);
    expect(Object.isFrozen(accepted.taxonomy.types.product.categories.quality?.keywords)).toBe(
      true,
    );
    const bad = policyWithValue('taxonomy.types.logistics.keywords', ['  ']);
    expect(() => acceptPolicy(bad, 2, { handedOver: true })).toThrow(InvalidTriagePolicy);
  });

  it('refuses with the problems validatePolicy finds, and a version below 1', () => {
    const bad = policyWithValue('taxonomy.types.logistics.keywords', ['ok', '  ', '*']);
    const refusal = (() => {
      try {
        acceptPolicy(bad, 0);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(InvalidTriagePolicy);
    expect((refusal as InvalidTriagePolicy).problems).toEqual([
      ...validatePolicy(bad),
      { path: '(version)', message: 'must be a whole number from 1, got 0' },
    ]);
    expect(validatePolicy(bad).map((p) => p.path)).toEqual([
      'taxonomy.types.logistics.keywords.1',
      'taxonomy.types.logistics.keywords.2',
    ]);
  });
});

describe('keyword normalisation kept between validations', () => {
  it('gives the same verdicts the second time a keyword is seen, in another list too', () => {
    const path = 'taxonomy.types.product.categories.quality.keywords';
    const keywords = ['  ', 'Ｄｅｆｅｃｔ', 'defect', 'new word'];
    const first = validatePolicy(policyWithValue(path, keywords)).map((p) => p.message);
    const second = validatePolicy(policyWithValue(path, keywords)).map((p) => p.message);
    expect(first).toEqual(second);
    expect(first.some((m) => m.includes('must not be empty'))).toBe(true);
    expect(first.some((m) => m.includes('duplicates'))).toBe(true);
    // A keyword seen valid before is still a duplicate of its full-width spelling elsewhere.
    const other = validatePolicy(policyWithValue(path, ['defect', 'ＤＥＦＥＣＴ']));
    expect(other.map((p) => p.message)).toEqual([expect.stringMatching(/^duplicates/)]);
  });
});
