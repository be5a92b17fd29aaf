import fc from 'fast-check';
import { DEFAULT_TRIAGE_POLICY } from './default-policy';
import { KeywordAutomaton, keywordPatterns, keywordText } from './keyword-matcher';
import { normaliseText } from './text-normaliser';

/** The keywords (as a policy writes them) found in a text, each once, in keyword order. */
function found(keywords: string[], text: string): string[] {
  const owners: number[] = [];
  const patterns = keywords.flatMap((keyword, index) =>
    keywordPatterns(keyword).map((pattern) => {
      owners.push(index);
      return pattern;
    }),
  );
  const hits: number[] = [];
  new KeywordAutomaton(patterns).scan(normaliseText(text), hits);
  const matched = new Set(hits.map((pattern) => owners[pattern]));
  return keywords.filter((_keyword, index) => matched.has(index));
}

describe('keyword matching', () => {
  it.each([
    ['finds Chinese inside text without spaces', ['异物'], '酸奶里面有异物啊', ['异物']],
    ['finds a traditional keyword in simplified text', ['破損'], '包装破损了', ['破損']],
    ['finds a simplified keyword in traditional text', ['破损'], '包裝破損了', ['破损']],
    [
      'finds full-width Latin',
      ['stopped working'],
      'ＳＴＯＰＰＥＤ ＷＯＲＫＩＮＧ',
      ['stopped working'],
    ],
    ['matches English case-insensitively', ['caught fire'], 'It CAUGHT Fire!', ['caught fire']],
    ['needs a word boundary before and after English', ['fire'], 'my firewall and campfires', []],
    ['treats Chinese next to English as a boundary', ['fire'], '起火fire了', ['fire']],
    ['accepts the regular plural -s', ['fire'], 'two fires', ['fire']],
    ['accepts the plural consonant + y → -ies', ['injury'], 'several injuries', ['injury']],
    ['accepts the plural -es', ['scratch'], 'deep scratches', ['scratch']],
    ['does not stem other inflections', ['burn'], 'it burned me', []],
    ['makes a trailing * a prefix', ['explo*'], 'it exploded', ['explo*']],
    ['keeps a word boundary before a prefix', ['explo*'], 'unexploded', []],
    ['needs boundaries around digits too', ['12315'], '订单0123156号', []],
    ['finds digits next to Chinese', ['12315'], '我要打12315投诉', ['12315']],
    [
      'finds apostrophes written either way',
      ["doesn't work"],
      'it doesn\u2019t work',
      ["doesn't work"],
    ],
    [
      'finds overlapping keywords',
      ['质量', '质量问题', '问题'],
      '有质量问题',
      ['质量', '质量问题', '问题'],
    ],
    [
      'finds a two-character word split by an aspect particle',
      ['发霉', '起火', '退款'],
      '面包发了霉，插头起过火，还没退过款',
      ['发霉', '起火', '退款'],
    ],
    ['finds a word split by Cantonese 咗 or 晒', ['发霉'], '啲士多啤梨發晒霉', ['发霉']],
    ['does not split longer words', ['发霉了'], '面包发了霉了', []],
    [
      'finds Cantonese 晒 in place of a final 了',
      ['湿了', '坏了'],
      '個箱濕晒，部機壞晒',
      ['湿了', '坏了'],
    ],
    ['does not take other characters for a particle', ['发霉'], '发现霉点', []],
    [
      'finds a keyword with another degree adverb',
      ['态度很差', '太慢'],
      '店員態度超差，出貨又好慢',
      ['态度很差', '太慢'],
    ],
    ['reads only the unambiguous adverbs of a keyword as a degree', ['超时'], '非常时期', []],
    // The classic she/he/hers in "ushers", in characters that need no word boundary.
    [
      'follows failure links to keywords inside others',
      ['二三四', '三四', '三四五二'],
      '一二三四五二',
      ['二三四', '三四', '三四五二'],
    ],
  ])('%s', (_case, keywords, text, expected) => {
    expect(found(keywords, text)).toEqual(expected);
  });

  it('reports where each occurrence ends, when asked', () => {
    const hits: number[] = [];
    const ends: number[] = [];
    new KeywordAutomaton([
      { text: '快递', prefix: false },
      { text: '快递员', prefix: false },
    ]).scan('快递员和快递', hits, ends);
    expect(hits).toEqual([0, 1, 0]);
    expect(ends).toEqual([2, 3, 6]);
  });

  it('reports every occurrence, so callers decide how to count', () => {
    const hits: number[] = [];
    new KeywordAutomaton([{ text: '坏', prefix: false }]).scan('坏了又坏', hits);
    expect(hits).toEqual([0, 0]);
  });

  it('turns a keyword into no pattern when nothing is left to match', () => {
    expect(keywordPatterns('   ')).toEqual([]);
    expect(keywordPatterns('*')).toEqual([]);
  });

  it('refuses an empty pattern', () => {
    expect(() => new KeywordAutomaton([{ text: '', prefix: false }])).toThrow(RangeError);
  });

  describe('keywordText (what validation asks of a keyword)', () => {
    /** Every keyword of the default policy, as written. */
    const policyKeywords = (): string[] => {
      const out: string[] = [];
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node !== null && typeof node === 'object') {
          for (const [key, value] of Object.entries(node)) {
            if (key === 'keywords' && Array.isArray(value)) out.push(...(value as string[]));
            else walk(value);
          }
        }
      };
      walk(DEFAULT_TRIAGE_POLICY);
      return out;
    };

    it("is keywordPatterns' first pattern, and undefined exactly when it gives none", () => {
      const keywords = [...policyKeywords(), '   ', '*', ' explo* ', 'ＦＩＲＥ', '　', '\u200b'];
      expect(keywords.length).toBeGreaterThan(4_000);
      for (const keyword of keywords) {
        const patterns = keywordPatterns(keyword);
        expect(keywordText(keyword)).toEqual(patterns[0]);
      }
      fc.assert(
        fc.property(
          fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom(...keywords)),
          (keyword) => {
            expect(keywordText(keyword)).toEqual(keywordPatterns(keyword)[0]);
          },
        ),
        { seed: 20261207, numRuns: 2_000 },
      );
    });
  });
});
