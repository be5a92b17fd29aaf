import { DEFAULT_ANALYTICS_POLICY, type AnalyticsPolicy } from './analytics-policy';
import { PhraseExtractor, phraseLanguage } from './text-phrases';

const extractor = new PhraseExtractor(DEFAULT_ANALYTICS_POLICY.hotWords);
const phrases = (text: string) => extractor.phrasesOf(text);

function extractorWith(change: (w: AnalyticsPolicy['hotWords']) => void): PhraseExtractor {
  const words = structuredClone(DEFAULT_ANALYTICS_POLICY.hotWords);
  change(words);
  return new PhraseExtractor(words);
}

describe('phrases of complaint descriptions', () => {
  it('counts Chinese character n-grams of 2 to 4 characters without segmenting', () => {
    expect(phrases('包装破损')).toEqual(['包装', '装破', '破损', '包装破', '装破损', '包装破损']);
  });

  it('does not build a gram across punctuation, digits or Latin letters', () => {
    const found = phrases('包装破损，屏幕3碎了abc漏液');
    expect(found).toContain('包装破损');
    expect(found).toContain('漏液');
    expect(found.some((p) => p.includes('损屏') || p.includes('幕碎'))).toBe(false);
  });

  it('leaves out grams that start or end with a function character or word', () => {
    const found = phrases('我们的包装破损了');
    expect(found).toContain('包装破损');
    expect(found).not.toContain('的包装');
    expect(found).not.toContain('破损了');
    expect(found).not.toContain('我们');
    expect(found).not.toContain('们的包装');
  });

  it('keeps a function character inside a gram, and negations that start real complaints', () => {
    expect(phrases('质量不好')).toContain('质量不好');
    expect(phrases('不能开机')).toContain('不能开机');
    expect(phrases('没收到货')).toContain('没收到');
  });

  it('lower-cases English words and pairs the neighbours of one clause', () => {
    expect(phrases('Battery SWELLING after charging')).toEqual([
      'battery',
      'swelling',
      'battery swelling',
      'charging',
    ]);
  });

  it('drops English stop words and lets them end a phrase, as RAKE does', () => {
    const found = phrases('The screen of my phone is cracked.');
    expect(found).toEqual(['screen', 'phone', 'cracked']);
    expect(phrases('the screen cracked again')).toEqual(['screen', 'cracked', 'screen cracked']);
  });

  it('makes no bigram across punctuation', () => {
    expect(phrases('refund refused; courier late')).toEqual([
      'refund',
      'refused',
      'refund refused',
      'courier',
      'late',
      'courier late',
    ]);
  });

  it.each([
    ['电话*******5678联系我', ['电话', '联系']],
    ['call +** ***-****-5678 today', ['call', 'today']],
    ['邮箱 z***@example.cn 收不到回复', ['收不到', '不到回复']],
    ['mail B***@example.com now', ['mail']],
    ['我是张*，包装破损', ['包装破损']],
    ['客户欧***反映电池鼓包', ['电池鼓包']],
    ['会员号**********X2无法登录', ['无法登录']],
  ])('treats masked contacts and names in %j as boundaries', (text, expected) => {
    const found = phrases(text);
    for (const e of expected) expect(found).toContain(e);
    expect(found.some((p) => /[*@\d]|example|是张|张包|欧/.test(p))).toBe(false);
  });

  it('reads full-width letters and digits as their ASCII forms', () => {
    expect(phrases('ＢＡＴＴＥＲＹ　ｄｅａｄ ５ days')).toEqual([
      'battery',
      'dead',
      'battery dead',
      'days',
    ]);
  });

  it('takes a policy’s own stop words in both languages', () => {
    const own = extractorWith((w) => {
      w.extraStopWords = { chinese: ['亲', '客服'], english: ['order'] };
    });
    const found = own.phrasesOf('亲，客服态度差 order delayed');
    expect(found).not.toContain('客服');
    expect(found).not.toContain('客服态度');
    expect(found).toContain('态度差');
    expect(found).not.toContain('order');
    expect(found).toEqual(expect.arrayContaining(['delayed']));
  });

  it('counts only the configured gram lengths', () => {
    const short = extractorWith((w) => {
      w.chineseMaxLength = 3;
      w.englishBigrams = false;
    });
    expect(short.phrasesOf('包装破损 screen cracked')).toEqual([
      '包装',
      '装破',
      '破损',
      '包装破',
      '装破损',
      'screen',
      'cracked',
    ]);
  });

  it('tells a phrase’s language by its first character', () => {
    expect(phraseLanguage('包装破损')).toBe('zh');
    expect(phraseLanguage('battery swelling')).toBe('en');
  });
});
