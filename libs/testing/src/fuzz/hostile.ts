import fc, { type Arbitrary } from 'fast-check';
import { anyJson } from './values';

/** A body as sent: JSON to serialise, or raw bytes (malformed, oversized, too deep). */
export type Body = { json: unknown } | { raw: string | Buffer };

/** Strings that have broken parsers, masks, SQL, logs or date handling somewhere before. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n',
  '\u0000',
  '\ud800',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '👨‍👩‍👧‍👦',
  'a\ufe0f'.repeat(300),
  'null',
  'NaN',
  '-0',
  '1e309',
  '0x1F',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%E0%A4%A',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  '2026-W10-1',
  '2026-02-30',
  '9999-12-31T23:59:59-23:59',
  '0000-01-01T00:00:00+01:00',
  '2026-12-31T23:59:60Z',
  '+86 138 0013 8000',
  'a@b.c',
  `${'a'.repeat(5000)}@${'b.'.repeat(2000)}c`,
  `${'1 '.repeat(3000)}`,
  `${'a.'.repeat(5000)}@`,
];

const HOSTILE_NUMBERS: readonly number[] = [
  0,
  -1,
  1.5,
  -0,
  2 ** 31,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  5e-324,
];

/** A value of any type, likely the wrong one for whatever it replaces. */
export function hostileValue(): Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom<unknown>(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(...HOSTILE_NUMBERS) },
    {
      weight: 2,
      arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], { '': '' }),
    },
    { weight: 2, arbitrary: anyJson(3) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(...hugeValues()) },
  );
}

/** Values of a few hundred kilobytes or tens of thousands of members (within 256 kB as JSON). */
function hugeValues(): unknown[] {
  return [
    'x'.repeat(200_000),
    '界'.repeat(60_000),
    Array(20_000).fill({}),
    Array(25_000).fill('refund'),
    Array(50_000).fill(1),
    Object.fromEntries(Array.from({ length: 15_000 }, (_, i) => [`k${i}`, i])),
  ];
}

/** Raw bodies no JSON parser should accept quietly, and some it must refuse for their size. */
export function hostileRaw(): Arbitrary<Body> {
  return fc.constantFrom<Body>(
    { raw: '' },
    { raw: '{' },
    { raw: '{"a":' },
    { raw: 'null' },
    { raw: '"text"' },
    { raw: '42' },
    { raw: '[]' },
    { raw: '{"a":1}{"b":2}' },
    { raw: '\ufeff{}' },
    { raw: '{"a":"\\ud800"}' },
    { raw: '{"__proto__":{"polluted":true}}' },
    { raw: '{"constructor":{"prototype":{"polluted":true}}}' },
    { raw: Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]) },
    { raw: `{"a":${'['.repeat(40)}${']'.repeat(40)}}` },
    { raw: '['.repeat(100_000) + ']'.repeat(100_000) },
    { raw: `{"a":"${'x'.repeat(300_000)}"}` },
  );
}

/** One change to a valid value: a member nulled, dropped, replaced, or one added. */
export interface Mutation {
  /** Which container of the value (in document order) the change applies to. */
  at: number;
  kind: 'null' | 'drop' | 'replace' | 'add';
  key: string;
  value: unknown;
}

export function mutation(): Arbitrary<Mutation> {
  return fc.record({
    at: fc.nat(),
    kind: fc.constantFrom<Mutation['kind']>('null', 'drop', 'replace', 'replace', 'add'),
    key: fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'toString', '', 'extra', 'a.b', '0'),
      fc.string({ maxLength: 8 }),
    ),
    value: hostileValue(),
  });
}

/**
 * `value` with one mutation applied to one of its containers (the value itself when it is not
 * one). Members are chosen by position, so a run is reproducible from its seed.
 */
export function mutate(value: unknown, m: Mutation): unknown {
  if (value === null || typeof value !== 'object') return m.kind === 'drop' ? undefined : m.value;
  const copy = structuredClone(value) as Record<string, unknown>;
  const containers: Array<Record<string, unknown>> = [];
  const collect = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    containers.push(node as Record<string, unknown>);
    for (const member of Object.values(node)) collect(member);
  };
  collect(copy);
  const target = containers[m.at % containers.length] ?? copy;
  const keys = Object.keys(target);
  const existing = keys.length > 0 ? keys[m.at % keys.length] : undefined;
  switch (m.kind) {
    case 'null':
      if (existing !== undefined) target[existing] = null;
      break;
    case 'drop':
      if (existing !== undefined) delete target[existing];
      break;
    case 'replace':
      if (existing !== undefined) target[existing] = m.value;
      else return m.value;
      break;
    case 'add':
      // defineProperty: a "__proto__" key stays a member, as JSON.parse would make it.
      Object.defineProperty(target, Array.isArray(target) ? String(keys.length) : m.key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      break;
  }
  return copy;
}
