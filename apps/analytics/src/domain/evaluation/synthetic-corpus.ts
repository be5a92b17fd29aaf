import type { SubjectType } from '@redress/contracts';
import type { ComplaintObservation } from '../findings';
import { DAY_MS, WindowClock } from '../windows';
import { Random } from './random';

/** A phrase put into the descriptions of `perWindow` complaints a window, from `onset` for `length` windows. */
export interface InjectedPhrase {
  phrase: string;
  onset: number;
  length: number;
  perWindow: number;
  /** `novel`: never in the background; `rising`: a background phrase that jumps. */
  kind: 'novel' | 'rising';
}

export interface SyntheticCorpus {
  seed: number;
  firstWindow: number;
  windows: number;
  scoredFrom: number;
  injected: InjectedPhrase[];
  /** Observations in event-time order, one per complaint (registration). */
  observations: ComplaintObservation[];
}

export interface CorpusOptions {
  windows: number;
  warmUp: number;
  complaintsPerWindow: number;
  injections: number;
  englishShare: number;
}

export const CORPUS_DEFAULTS: CorpusOptions = {
  windows: 84,
  warmUp: 21,
  complaintsPerWindow: 400,
  injections: 8,
  englishShare: 0.3,
};

interface Product {
  sku: string;
  zh: string;
  en: string;
  type: SubjectType;
}

const PRODUCTS: Product[] = [
  ['手机', 'phone'],
  ['耳机', 'earbuds'],
  ['充电器', 'charger'],
  ['电饭煲', 'rice cooker'],
  ['空调', 'air conditioner'],
  ['冰箱', 'fridge'],
  ['洗衣机', 'washing machine'],
  ['酸奶', 'yogurt'],
  ['扫地机器人', 'robot vacuum'],
  ['平板电脑', 'tablet'],
  ['智能手表', 'smart watch'],
  ['热水器', 'water heater'],
].flatMap(([zh, en], i) =>
  [1, 2, 3].map((v) => ({
    sku: `SKU-${String(i).padStart(2, '0')}-${v}`,
    zh: zh as string,
    en: en as string,
    type: 'product' as SubjectType,
  })),
);

const STORES = ['旗舰店', '京东自营', '天猫超市', '线下门店', '拼多多', '官网商城'];

/** Background complaint phrases with their share of complaints (Chinese, English). */
const ISSUES: Array<[string, string, number]> = [
  ['物流太慢', 'delivery delayed', 0.08],
  ['客服不回复', 'customer service ignored', 0.06],
  ['质量很差', 'poor quality', 0.06],
  ['包装破损', 'damaged packaging', 0.03],
  ['无法退款', 'refund refused', 0.05],
  ['发票没开', 'invoice missing', 0.02],
  ['快递员态度差', 'rude courier', 0.03],
  ['安装师傅迟到', 'installer arrived late', 0.02],
  ['售后推诿', 'after sales excuses', 0.03],
  ['与描述不符', 'not as described', 0.04],
  ['缺少配件', 'missing accessories', 0.03],
  ['外壳有划痕', 'scratched casing', 0.03],
  ['噪音太大', 'loud noise', 0.02],
  ['有异味', 'strange smell', 0.02],
  ['退货流程复杂', 'complicated returns', 0.03],
  ['赠品没收到', 'gift never arrived', 0.02],
  ['维修时间太长', 'repair took weeks', 0.03],
  ['价格保护不给', 'price protection denied', 0.01],
];

const OPENERS_ZH = [
  '我在{store}买的{product}',
  '昨天收到的{product}',
  '上周购买的{product}',
  '{product}用了几天就',
  '家里的{product}',
];
const FILLERS_ZH = [
  '希望尽快处理',
  '非常失望',
  '要求退货退款',
  '请给个说法',
  '已经联系过多次',
  '等了好几天',
  '以后不会再买了',
  '麻烦尽快回复',
];
const OPENERS_EN = [
  'Bought the {product} last week.',
  'My {product} arrived yesterday.',
  'Ordered a {product} from {store}.',
  'The {product} I received',
];
const FILLERS_EN = [
  'Please fix this asap.',
  'Very disappointed.',
  'I want a full refund.',
  'Never buying again.',
  'Waiting for an answer.',
];

/** Common characters for free text around the phrases: the noise real descriptions are full of. */
const NOISE_ZH =
  '一不人大中上为个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质';
const NOISE_EN =
  'the a to and of in it for is on my with was that this but not at have they be from you are an so very just after when there we all would been still again one day time week order store item product service people call said told asked today never back got'.split(
    ' ',
  );

/** Phrases injected into the corpus; each seed draws some. */
export const INJECTION_POOL: Array<{ phrase: string; kind: 'novel' | 'rising' }> = [
  { phrase: '电池鼓包', kind: 'novel' },
  { phrase: '屏幕闪烁', kind: 'novel' },
  { phrase: '充电发烫', kind: 'novel' },
  { phrase: '自动关机', kind: 'novel' },
  { phrase: '漏水严重', kind: 'novel' },
  { phrase: '按键失灵', kind: 'novel' },
  { phrase: '蓝牙断连', kind: 'novel' },
  { phrase: '涂层脱落', kind: 'novel' },
  { phrase: '电源适配器冒烟', kind: 'novel' },
  { phrase: '压缩机异响', kind: 'novel' },
  { phrase: '开机黑屏', kind: 'novel' },
  { phrase: 'battery swelling', kind: 'novel' },
  { phrase: 'screen flickering', kind: 'novel' },
  { phrase: 'app crashes', kind: 'novel' },
  { phrase: 'overheating', kind: 'novel' },
  { phrase: 'water leaking', kind: 'novel' },
  { phrase: '包装破损', kind: 'rising' },
  { phrase: '有异味', kind: 'rising' },
  { phrase: 'damaged packaging', kind: 'rising' },
];

/** Monday 5 January 2026 in China Standard Time. */
const FIRST_WINDOW = new WindowClock(480).indexOf(Date.parse('2026-01-05T00:00:00+08:00'));
const WEEKDAYS = [1.15, 1.1, 1.05, 1.05, 1.0, 0.85, 0.8];

/**
 * Complaint descriptions in Chinese and English (a third English) built from products, stores,
 * background complaint phrases with stable shares, fillers, free-text noise and masked contacts
 * (`*******5678`, `a***@example.com`, `张*`), with known phrases injected: novel ones and
 * background ones that jump, for 1–5 windows, in 6–40 complaints a window spread over several
 * products. The same seed gives the same corpus.
 */
export function generateCorpus(
  seed: number,
  options: Partial<CorpusOptions> = {},
): SyntheticCorpus {
  const stream = corpusStream(seed, options);
  const observations: ComplaintObservation[] = [];
  for (let t = 0; t < stream.windows; t += 1) observations.push(...stream.window(t));
  return {
    seed,
    firstWindow: FIRST_WINDOW,
    windows: stream.windows,
    scoredFrom: stream.scoredFrom,
    injected: stream.injected,
    observations,
  };
}

/**
 * The corpus one window at a time (`window(t)` for t = 0, 1, … in order), for runs too long to
 * hold in memory, such as the detectors' benchmark.
 */
export function corpusStream(
  seed: number,
  options: Partial<CorpusOptions> = {},
): Omit<SyntheticCorpus, 'observations'> & { window(t: number): ComplaintObservation[] } {
  const o = { ...CORPUS_DEFAULTS, ...options };
  const rng = new Random(seed);
  const clock = new WindowClock(480);
  const pool = [...INJECTION_POOL];
  const injected: InjectedPhrase[] = [];
  for (let i = 0; i < o.injections && pool.length > 0; i += 1) {
    const [chosen] = pool.splice(rng.int(0, pool.length - 1), 1);
    if (chosen === undefined) break;
    const length = rng.pick([1, 2, 3, 5]);
    injected.push({
      phrase: chosen.phrase,
      kind: chosen.kind,
      onset: rng.int(o.warmUp, o.windows - length - 3),
      length,
      perWindow: rng.pick([6, 10, 20, 40]),
    });
  }
  const issueTotal = ISSUES.reduce((a, [, , w]) => a + w, 0);
  const pickIssue = (): [string, string] => {
    let r = rng.next() * issueTotal;
    for (const [zh, en, w] of ISSUES) {
      r -= w;
      if (r <= 0) return [zh, en];
    }
    const last = ISSUES[ISSUES.length - 1] as [string, string, number];
    return [last[0], last[1]];
  };
  const noiseZh = (n: number) =>
    Array.from({ length: n }, () => NOISE_ZH[rng.int(0, NOISE_ZH.length - 1)]).join('');
  const noiseEn = (n: number) => Array.from({ length: n }, () => rng.pick(NOISE_EN)).join(' ');
  const masked = (): string => {
    const r = rng.next();
    if (r < 0.1) return `联系电话*******${String(rng.int(0, 9999)).padStart(4, '0')}`;
    if (r < 0.15) return `邮箱 ${String.fromCharCode(97 + rng.int(0, 25))}***@example.com`;
    if (r < 0.2) return '我是张*';
    return '';
  };

  let serial = 0;
  const window = (t: number): ComplaintObservation[] => {
    const index = FIRST_WINDOW + t;
    const n = rng.poisson(o.complaintsPerWindow * (WEEKDAYS[WindowClock.weekday(index)] ?? 1));
    const extra = injected.filter((x) => t >= x.onset && t < x.onset + x.length);
    const day: Array<{ at: number; o: ComplaintObservation }> = [];
    for (let i = 0; i < n; i += 1) {
      const product = rng.pick(PRODUCTS);
      const store = rng.pick(STORES);
      const english = rng.chance(o.englishShare);
      const phrases: string[] = [];
      const [zh, en] = pickIssue();
      phrases.push(english ? en : zh);
      if (rng.chance(0.3)) {
        const [zh2, en2] = pickIssue();
        phrases.push(english ? en2 : zh2);
      }
      for (const x of extra) {
        if (phraseIsEnglish(x.phrase) !== english) continue;
        const share = english ? o.englishShare : 1 - o.englishShare;
        if (rng.next() < x.perWindow / (n * share)) phrases.push(x.phrase);
      }
      const text = english
        ? [
            rng.pick(OPENERS_EN).replace('{product}', product.en).replace('{store}', 'the app'),
            noiseEn(rng.int(0, 8)),
            ...phrases.map((p) => `Problem: ${p}.`),
            rng.pick(FILLERS_EN),
          ].join(' ')
        : [
            rng.pick(OPENERS_ZH).replace('{product}', product.zh).replace('{store}', store),
            noiseZh(rng.int(0, 12)),
            ...phrases,
            rng.pick(FILLERS_ZH),
            masked(),
          ]
            .filter((part) => part !== '')
            .join('，');
      serial += 1;
      day.push({
        at: clock.startMs(index) + Math.floor(rng.next() * DAY_MS),
        o: {
          complaintId: `c-${seed}-${serial}`,
          at: '',
          channel: rng.pick(['hotline', 'web', 'app', 'wechat']),
          subjectType: product.type,
          productSku: product.sku,
          purchaseChannel: store,
          text,
        },
      });
    }
    day.sort((a, b) => a.at - b.at);
    return day.map((d) => ({ ...d.o, at: new Date(d.at).toISOString() }));
  };
  return {
    seed,
    firstWindow: FIRST_WINDOW,
    windows: o.windows,
    scoredFrom: o.warmUp,
    injected,
    window,
  };
}

function phraseIsEnglish(phrase: string): boolean {
  return /^[a-z ]+$/.test(phrase);
}
