import { Random } from './evaluation/random';
import type { ClosedWindow, ComplaintObservation } from './findings';
import { dayOf, daily, policy, run } from './spec-fixtures';

const SKUS = ['SKU-A', 'SKU-B', 'SKU-C', 'SKU-D', 'SKU-E', 'SKU-F'];
const ZH = [
  '物流太慢',
  '包装太简陋',
  '外壳破损',
  '客服不回复',
  '质量很差',
  '发票没开',
  '安装师傅迟到',
];
const EN = [
  'arrived late',
  'poor quality',
  'battery drains fast',
  'screen scratched',
  'refund refused',
];
const FILLERS = ['希望尽快处理', '非常失望', '要求退货', '请给个说法'];

/**
 * 40 days of 120 complaints a day about six products, in Chinese and English, whose phrases keep
 * stable shares; `inject(day, i)` may add a sentence to the i-th complaint of a day (the day's
 * volume and each product's stay as they are).
 */
function corpus(
  inject: (day: number, i: number) => string | undefined = () => undefined,
  days = 40,
  seed = 1,
): ComplaintObservation[] {
  const rng = new Random(seed);
  return daily(new Array<number>(days).fill(120), (day, i) => {
    const english = i % 4 === 0;
    const base = english
      ? `The product ${rng.pick(EN)}. Very disappointed.`
      : `收到的东西${rng.pick(ZH)}，${rng.pick(FILLERS)}`;
    const extra = inject(day, i);
    return {
      productSku: SKUS[i % SKUS.length] as string,
      subjectType: 'product',
      text: extra === undefined ? base : `${base} ${extra}`,
    };
  });
}

const hotOn = (closed: ClosedWindow[], day: number): string[] =>
  closed.find((w) => dayOf(w) === day)?.hotWords.map((h) => h.phrase) ?? [];

describe('hot words (issue 13)', () => {
  it('lists nothing while phrases keep their shares', () => {
    const { closed } = run(corpus());
    expect(closed.flatMap((w) => w.hotWords)).toEqual([]);
  });

  it('lists a Chinese phrase that jumps, and none of the n-grams inside it', () => {
    // 包装 and 破损 are common apart (包装太简陋, 外壳破损); together they are news.
    const { closed } = run(
      corpus((day, i) => (day === 30 && i % 5 === 1 ? '包装破损' : undefined)),
    );
    const hot = hotOn(closed, 30);
    expect(hot).toContain('包装破损');
    for (const part of ['包装', '破损', '装破', '包装破', '装破损'])
      expect(hot).not.toContain(part);
  });

  it('leaves out grams that only catch the phrase’s context', () => {
    const { closed } = run(
      corpus((day, i) => {
        if (day !== 30 || i % 4 === 0) return undefined;
        if (i % 12 === 1) return '发现包装破损';
        if (i % 12 === 5) return '包装破损严重';
        return i % 12 === 9 ? '包装破损' : undefined;
      }),
    );
    const hot = hotOn(closed, 30);
    expect(hot).toContain('包装破损');
    for (const context of ['现包装破', '发现包装', '装破损严', '破损严重', '损严重']) {
      expect(hot).not.toContain(context);
    }
  });

  it('joins the overlapping grams of a phrase longer than four characters into one', () => {
    const { closed } = run(
      corpus((day, i) => (day === 30 && i % 6 === 2 ? '电池鼓包起火' : undefined)),
    );
    const hot = hotOn(closed, 30);
    expect(hot).toContain('电池鼓包起火');
    for (const gram of ['电池鼓包', '池鼓包起', '鼓包起火', '电池鼓', '鼓包'])
      expect(hot).not.toContain(gram);
  });

  it('lists an English bigram without its words, and never a stop word', () => {
    const { closed } = run(
      corpus((day, i) =>
        day === 30 && i % 4 === 0 && i % 8 === 0 ? 'The battery swelling is the worst.' : undefined,
      ),
    );
    const hot = hotOn(closed, 30);
    expect(hot).toContain('battery swelling');
    expect(hot).not.toContain('battery');
    expect(hot).not.toContain('swelling');
    expect(hot.some((p) => /\b(the|is)\b/.test(p))).toBe(false);
  });

  it('never lists a masked contact or name, however many complaints carry one', () => {
    const { closed } = run(
      corpus((day, i) =>
        day === 30 && i % 2 === 1
          ? `电话*******${String(1000 + i).slice(-4)}，邮箱 a***@example.com，我是张*`
          : undefined,
      ),
    );
    const hot = closed.flatMap((w) => w.hotWords.map((h) => h.phrase));
    expect(hot.filter((p) => /[*@\d]|example|com|是张|张/.test(p))).toEqual([]);
  });

  it('lists nothing before minBaselineWindows windows of baseline, the same jump after', () => {
    const early = policy.policy.hotWords.minBaselineWindows;
    const { closed } = run(
      corpus((day, i) => ((day === early || day === 30) && i % 5 === 1 ? '屏幕闪烁' : undefined)),
    );
    expect(hotOn(closed, early)).toEqual([]);
    expect(hotOn(closed, 30)).toContain('屏幕闪烁');
  });

  it('scores each word against its baseline: observed, expected, score and distinct subjects', () => {
    const { closed } = run(
      corpus((day, i) => (day === 30 && i % 5 === 1 ? '屏幕闪烁' : undefined)),
    );
    const word = closed.find((w) => dayOf(w) === 30)?.hotWords.find((h) => h.phrase === '屏幕闪烁');
    expect(word).toMatchObject({ language: 'zh', observed: 24, expected: 0, subjects: 6 });
    expect(word?.score).toBeGreaterThanOrEqual(policy.policy.hotWords.minScore);
  });
});
