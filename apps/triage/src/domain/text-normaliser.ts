import { Locale } from 'opencc-js/t2cn';

/**
 * One normal form for matching keywords against complaint text, applied to both sides:
 * NFKC (full-width `ＡＢＣ１２３` → `abc123`, compatibility ideographs → unified ones), lower case,
 * traditional → simplified Chinese (`破損` → `破损`, `產品` → `产品`), typographic apostrophes →
 * `'`, and runs of white space → one space. Lengths stay close enough to the original for
 * matching; positions are not mapped back (reasons quote the policy's keyword instead).
 *
 * Traditional → simplified is character by character, with the tables of OpenCC (opencc-js):
 * Taiwan variants first, then Hong Kong variants, then the standard traditional → simplified
 * characters, exactly the chain of its `tw → cn` and `hk → cn` converters applied to one
 * character. Whole-text conversion with phrase dictionaries costs about 8 times more per text
 * and only matters for phrases whose characters convert differently in context (乾隆 vs 乾燥);
 * keywords go through the same function, so both sides always agree. Characters outside the
 * Basic Multilingual Plane (rare CJK extensions) are left as they are.
 */
export function normaliseText(text: string): string {
  let normal = toSimplified(text.normalize('NFKC').toLowerCase());
  if (NEEDS_CLEANUP.test(normal)) {
    normal = normal.replace(/\s+/g, ' ').replace(/[\u2018\u2019]/g, "'");
  }
  return normal;
}

const NEEDS_CLEANUP = /\s\s|[\t\n\r\v\f\u2018\u2019]/;

/** Traditional → simplified, one UTF-16 unit at a time; unchanged text is returned as is. */
export function toSimplified(text: string): string {
  const map = simplifiedTable();
  let result = '';
  let copiedUpTo = 0;
  for (let i = 0; i < text.length; i++) {
    const replacement = map[text.charCodeAt(i)];
    if (replacement) {
      result += text.slice(copiedUpTo, i) + String.fromCharCode(replacement);
      copiedUpTo = i + 1;
    }
  }
  return copiedUpTo === 0 ? text : result + text.slice(copiedUpTo);
}

let table: Uint16Array | undefined;

/** code unit → simplified code unit, 0 where the character stays. Built once, on first use. */
export function simplifiedTable(): Uint16Array {
  table ??= buildTable();
  return table;
}

type CharMap = Map<number, number>;

function buildTable(): Uint16Array {
  const taiwan = singleCharacters(Locale.from.tw ?? []);
  const hongKong = singleCharacters(Locale.from.hk ?? []);
  const simplified = singleCharacters(Locale.to.cn ?? []);
  const result = new Uint16Array(0x10000);
  const sources = new Set<number>([...taiwan.keys(), ...hongKong.keys(), ...simplified.keys()]);
  for (const code of sources) {
    // The tw chain wins where it changes the character; otherwise the hk chain.
    let target = convertVia(code, taiwan, simplified);
    if (target === code) target = convertVia(code, hongKong, simplified);
    if (target !== code) result[code] = target;
  }
  // Some 3,000 characters convert; a layout change in opencc-js must not silently disable it.
  if (result.filter((code) => code !== 0).length < 1000) {
    throw new Error('opencc-js traditional → simplified tables not found');
  }
  return result;
}

function convertVia(code: number, variants: CharMap, simplified: CharMap): number {
  const standard = variants.get(code) ?? code;
  return simplified.get(standard) ?? standard;
}

/**
 * The one-character entries of an OpenCC dictionary group list, in its text form
 * `src dst|src dst…`; a later dictionary overrides an earlier one, as in OpenCC's tries.
 */
function singleCharacters(groups: ReadonlyArray<ReadonlyArray<unknown>>): CharMap {
  const map: CharMap = new Map();
  for (const group of groups) {
    for (const dictionary of group) {
      if (typeof dictionary !== 'string') continue;
      for (const entry of dictionary.split('|')) {
        const space = entry.indexOf(' ');
        if (space !== 1) continue;
        const target = entry.slice(2).split(' ')[0] ?? '';
        if (target.length === 1) map.set(entry.charCodeAt(0), target.charCodeAt(0));
      }
    }
  }
  return map;
}
