import { Locale } from 'opencc-js/t2cn';

/**
 * One normal form for matching keywords against complaint text, applied to both sides:
 * NFKC (full-width `ＡＢＣ１２３` → `abc123`, compatibility ideographs → unified ones), lower case,
 * traditional → simplified Chinese (`破損` → `破损`, `產品` → `产品`), the function characters of
 * written Cantonese → their Mandarin ones (`壞咗` → `坏了`, `冇收到` → `没收到`), typographic
 * apostrophes → `'`, English contractions written out (`doesnt`, `doesn't` → `does not`, `I've` →
 * `i have`), and runs of white space → one space. Lengths stay close enough to the
 * original for matching; positions are not mapped back (reasons quote the policy's keyword).
 *
 * Then a few characters that mainland and Taiwan or Hong Kong write differently for the same word,
 * where OpenCC keeps both because each is also a character of its own, are folded on to one
 * (`VARIANT_FOLDS`: `帳單` → `账单`, `回覆` → `回复`, `甚麼` → `什么`).
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
  // Most texts have no "nt" at all; the cheap test spares them the regular expression.
  if (normal.includes('nt') && BARE_CONTRACTION.test(normal)) {
    normal = normal.replace(BARE_CONTRACTIONS, "$1n't");
  }
  if (normal.includes("'") || normal.includes('cannot')) {
    normal = normal.replace(CONTRACTIONS, expandContraction);
  }
  return normal;
}

/**
 * English contractions written out, so that a keyword and a complaint agree however either spells
 * it: `doesn't work` and `does not work`, `haven't heard` and `have not heard`, `can't` and
 * `cannot` all become the long form (`does not work`, `can not`).
 */
const CONTRACTIONS =
  /(?<![a-z0-9])(?:(won't)|(can't|cannot)|(shan't)|([a-z]+)n't|([a-z]+)'(ve|re|ll|m))(?![a-z0-9])/g;
const SUFFIXES: Readonly<Record<string, string>> = { ve: 'have', re: 'are', ll: 'will', m: 'am' };

function expandContraction(
  _match: string,
  wont: string | undefined,
  cant: string | undefined,
  shant: string | undefined,
  stem: string | undefined,
  subject: string | undefined,
  suffix: string | undefined,
): string {
  if (wont) return 'will not';
  if (cant) return 'can not';
  if (shant) return 'shall not';
  if (stem) return `${stem} not`;
  return `${subject ?? ''} ${SUFFIXES[suffix ?? ''] ?? ''}`;
}

const NEEDS_CLEANUP = /\s\s|[\t\n\r\v\f\u2018\u2019]/;

/**
 * Customers type `dont`, `wont`, `cant`: so that `doesn't work` or `won't turn on` in a policy
 * finds them, the apostrophe is put back (`wont` and `cant` as nouns are rare in complaints).
 */
const BARE_CONTRACTION =
  /(?:do|does|did|is|was|were|are|has|have|had|could|would|should|wo|ca)nt(?![a-z0-9])/;
const BARE_CONTRACTIONS =
  /(?<![a-z0-9])(do|does|did|is|was|were|are|has|have|had|could|would|should|wo|ca)nt(?![a-z0-9])/g;

/**
 * Written Cantonese (Hong Kong complaints) uses its own characters for the commonest words; each
 * becomes the Mandarin character a keyword would use, so one keyword list serves both: `壞咗`
 * (broken) → `坏了`, `冇收到` → `没收到`, `唔見咗` → `不见了`, `佢哋` → `他们`, `掟落地` → `扔落地`,
 * `唔喐` → `不动`. Only characters that are Cantonese alone are mapped (`係` is also the
 * traditional form of Mandarin `系`, `仲` is in `仲裁`, `晒` is Mandarin "to dry in the sun", so
 * they stay; `晒` as the Cantonese "completely" is a matching rule instead, `chineseSpellings`).
 */
export const CANTONESE_TO_MANDARIN: Readonly<Record<string, string>> = {
  咗: '了',
  冇: '没',
  唔: '不',
  嘅: '的',
  喺: '在',
  啲: '些',
  佢: '他',
  哋: '们',
  睇: '看',
  嚟: '来',
  攞: '拿',
  畀: '给',
  俾: '给',
  搵: '找',
  揾: '找',
  嗰: '那',
  啱: '对',
  瞓: '睡',
  攰: '累',
  咁: '这',
  乜: '什',
  // Verbs a complaint needs: throw (a parcel), press (the bell), move (a parcel stuck in
  // tracking), collapse (a ceiling), shout (at a customer), think.
  掟: '扔',
  揼: '扔',
  撳: '按',
  㩒: '按',
  喐: '动',
  冧: '塌',
  嗌: '喊',
  諗: '想',
};

/**
 * Characters that mainland and Taiwan or Hong Kong writers use for the same word, where OpenCC's
 * character table keeps both (each is a character in its own right, so only its phrase tables,
 * which this normaliser does not use, convert them): `帳單`/`账单` (bill), `回覆`/`回复` (reply),
 * `甚麼`/`什么` (what), `妳`/`你` (you). Folded on both sides, so `帐篷` becoming `账篷` is harmless:
 * a keyword written with either character finds both spellings.
 */
export const VARIANT_FOLDS: Readonly<Record<string, string>> = {
  帐: '账',
  覆: '复',
  甚: '什',
  妳: '你',
};

/**
 * Traditional → simplified (and written Cantonese → Mandarin), one UTF-16 unit at a time;
 * unchanged text is returned as is.
 */
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

/**
 * code unit → simplified (Mandarin) code unit, 0 where the character stays. Built once, on first
 * use.
 */
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
  // Then written Cantonese → Mandarin and the variant folds, for a character and for any that
  // converts to it (`帳` → `帐` → `账`).
  const folds = new Map<number, number>();
  for (const [from, to] of Object.entries({ ...CANTONESE_TO_MANDARIN, ...VARIANT_FOLDS })) {
    folds.set(from.charCodeAt(0), to.charCodeAt(0));
  }
  for (let code = 0; code < result.length; code++) {
    const folded = folds.get(result[code] || code) ?? folds.get(code);
    if (folded !== undefined) result[code] = folded;
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
