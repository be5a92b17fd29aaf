import { Converter, Locale } from 'opencc-js/t2cn';
import {
  CANTONESE_TO_MANDARIN,
  VARIANT_FOLDS,
  normaliseText,
  simplifiedTable,
  toSimplified,
} from './text-normaliser';

describe('normaliseText', () => {
  it.each([
    ['full-width Latin and digits become half-width', 'ＡＢＣ１２３', 'abc123'],
    ['Latin is lower-cased', 'Stopped WORKING', 'stopped working'],
    ['full-width punctuation becomes ASCII', '坏了！（真的）', '坏了!(真的)'],
    ['traditional becomes simplified', '產品破損', '产品破损'],
    ['Taiwan variants become simplified', '著火了，裡面有蟲', '着火了,里面有虫'],
    ['Hong Kong variants become simplified', '衞生很差', '卫生很差'],
    ['mixed scripts keep their order', 'iPhone 燙傷 Burn', 'iphone 烫伤 burn'],
    ['runs of white space become one space', 'not\n\n  working', 'not working'],
    [
      'typographic apostrophes become ASCII, contractions are written out',
      'doesn\u2019t work',
      'does not work',
    ],
    ['the ideographic space is a space', '没有\u3000回复', '没有 回复'],
    ['Cantonese perfective 咗 becomes 了', '部機壞咗', '部机坏了'],
    ['Cantonese 冇 becomes 没', '我冇收到貨', '我没收到货'],
    ['Cantonese 唔 becomes 不', '開唔到機', '开不到机'],
    ['Cantonese pronouns become Mandarin ones', '佢哋話喺度', '他们话在度'],
    ['Cantonese 嘅 and 啲 become 的 and 些', '啲嘢嘅質素', '些嘢的质素'],
    ['Cantonese verbs 睇 嚟 攞 畀 搵 become Mandarin ones', '睇 嚟 攞 畀 搵', '看 来 拿 给 找'],
    ['係 stays the traditional form of 系', '關係', '关系'],
    ['a bare negative contraction is written out too', 'it doesnt work', 'it does not work'],
    [
      'bare contractions anywhere in the text',
      'DONT know, wont start, CANT',
      'do not know, will not start, can not',
    ],
    ['contractions next to Chinese', '开不了机wont turn on', '开不了机will not turn on'],
    ['the long forms stay as they are', 'I cannot, it did not', 'i can not, it did not'],
    [
      "subjects' contractions are written out",
      "I've waited, they're rude, I'm upset",
      'i have waited, they are rude, i am upset',
    ],
    ['a possessive stays', "the driver's van", "the driver's van"],
    [
      'words that only end like a contraction stay',
      'ant want event dont2 agent',
      'ant want event dont2 agent',
    ],
  ])('%s: %s → %s', (_case, input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it('returns simplified text without copying it', () => {
    const text = '我买的酸奶里有苍蝇';
    expect(toSimplified(text)).toBe(text);
  });
});

describe('traditional → simplified table', () => {
  // The table is OpenCC's tw → cn chain (hk → cn where tw leaves a character alone), applied to
  // one character at a time; this checks it against opencc-js itself for every character its
  // dictionaries mention.
  it("agrees with opencc-js's own converters on every single character but the Cantonese ones", () => {
    const fromTaiwan = Converter({ from: 'tw', to: 'cn' });
    const fromHongKong = Converter({ from: 'hk', to: 'cn' });
    const characters = new Set<string>();
    for (const groups of [Locale.from.tw, Locale.from.hk, Locale.to.cn]) {
      for (const group of groups ?? []) {
        for (const dictionary of group) {
          if (typeof dictionary !== 'string') continue;
          for (const entry of dictionary.split('|')) {
            const [source] = entry.split(' ');
            if (source?.length === 1) characters.add(source);
          }
        }
      }
    }
    const table = simplifiedTable();
    const disagreements: string[] = [];
    for (const character of characters) {
      const viaTaiwan = fromTaiwan(character);
      const expected = viaTaiwan !== character ? viaTaiwan : fromHongKong(character);
      const mapped = table[character.charCodeAt(0)];
      const actual = mapped ? String.fromCharCode(mapped) : character;
      // Written Cantonese is mapped on to Mandarin, and variants folded, on purpose (specs below).
      const folded = { ...CANTONESE_TO_MANDARIN, ...VARIANT_FOLDS };
      if (folded[expected] !== undefined || folded[character] !== undefined) continue;
      if (expected.length === 1 && actual !== expected)
        disagreements.push(`${character}→${actual}≠${expected}`);
    }
    expect(characters.size).toBeGreaterThan(3000);
    expect(disagreements).toEqual([]);
  });
});

describe('variants of one word folded on to one spelling', () => {
  it.each(Object.entries(VARIANT_FOLDS))('%s becomes %s', (variant, folded) => {
    expect(toSimplified(variant)).toBe(folded);
  });

  it.each([
    ['a Taiwan bill is a mainland bill', '帳單金額不對', '账单金额不对'],
    ['a traditional account is folded through its simplified form', '帳戶', '账户'],
    ['a Taiwan reply is a mainland reply', '一直沒有回覆', '一直没有回复'],
    ['a Taiwan "what" is a mainland one', '這是甚麼態度', '这是什么态度'],
  ])('%s: %s → %s', (_case, input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it('folds no character on to one that is itself folded or Cantonese', () => {
    const sources = new Set([...Object.keys(VARIANT_FOLDS), ...Object.keys(CANTONESE_TO_MANDARIN)]);
    expect(Object.values(VARIANT_FOLDS).filter((target) => sources.has(target))).toEqual([]);
  });
});

describe('written Cantonese → Mandarin', () => {
  it.each(Object.entries(CANTONESE_TO_MANDARIN))('%s becomes %s', (cantonese, mandarin) => {
    expect(toSimplified(cantonese)).toBe(mandarin);
  });

  it.each([
    ['a parcel thrown', '佢掟個包裹落地', '他扔个包裹落地'],
    ['tracking that does not move', '物流一直唔喐', '物流一直不动'],
    ['the bell not pressed', '冇撳鐘', '没按钟'],
  ])('%s: %s → %s', (_case, input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it('maps no character on to another Cantonese one', () => {
    const table = simplifiedTable();
    const targets = Object.keys(CANTONESE_TO_MANDARIN).filter((c) =>
      table.some((to) => to === c.charCodeAt(0)),
    );
    expect(targets).toEqual([]);
  });
});
