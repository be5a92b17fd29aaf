import { chineseSpellings, hasChinese } from './chinese-variants';
import { KeywordAutomaton, keywordPatterns } from './keyword-matcher';
import { normaliseText } from './text-normaliser';

/** Whether a keyword, as a policy writes it, is found in a text. */
function finds(keyword: string, text: string): boolean {
  const hits: number[] = [];
  new KeywordAutomaton(keywordPatterns(keyword)).scan(normaliseText(text), hits);
  return hits.length > 0;
}

describe('Chinese spellings of a keyword', () => {
  it.each([
    ['regional words: quality', '质量太差', '品質太差'],
    ['regional words: Hong Kong quality', '质量太差', '質素太差'],
    ['regional words: shipping', '发货太慢', '出貨太慢'],
    ['regional words: text messages', '骚扰短信', '騷擾簡訊'],
    ['regional words: a Hong Kong card', '会员卡', '會員咭'],
    ['Cantonese 仲 for 还', '还没到', '仲未到仲冇到'],
    ['Cantonese 係 for 是', '是假的', '係假嘅'],
    ['Cantonese 整 for 修', '没修好', '冇整好'],
    ['Cantonese 食 for 吃', '吃坏肚子', '食壞肚子'],
    ['没 and 没有', '没收到', '一直没有收到'],
    ['没有 and 没', '没有回复', '客服没回复'],
    ['an aspect particle between two characters', '发霉', '麵包發咗霉'],
    ['Cantonese 晒 for a final 了', '湿了', '啲書濕晒'],
    ['another degree adverb', '态度很差', '店員態度超差'],
    ['Cantonese 咁 as a degree', '态度很差', '態度咁差'],
  ])('%s: %s finds %s', (_case, keyword, text) => {
    expect(finds(keyword, text)).toBe(true);
  });

  it.each([
    ['仲 does not stand for 还 in the text', '仲裁', '还裁员'],
    ['a particle inside a longer word', '发霉了', '发了霉了'],
    ['a keyword degree only where it is unambiguous', '超时', '非常时期'],
    ['other characters are not particles', '发霉', '发现霉点'],
  ])('%s: %s does not find %s', (_case, keyword, text) => {
    expect(finds(keyword, text)).toBe(false);
  });

  it('adds nothing to a keyword without Chinese', () => {
    expect(hasChinese('not working')).toBe(false);
    expect(keywordPatterns('not working').map((p) => p.text)).toEqual([
      'not working',
      'not workings',
      'not workinges',
    ]);
  });

  it('never repeats the keyword itself among its spellings', () => {
    expect(chineseSpellings('快递')).not.toContain('快递');
  });
});
