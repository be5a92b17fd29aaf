/**
 * The spellings one Chinese keyword stands for, besides itself: the ways mainland, Taiwan and
 * Hong Kong customers write the same complaint once the normaliser has made the characters alike
 * (`normaliseText`: traditional → simplified, Cantonese function characters → Mandarin). The rules
 * only ever add patterns to a keyword: the text is never rewritten, so a rule can never make one
 * keyword match where another was meant.
 *
 * 1. Words: one word of a group of regional vocabulary in a keyword also stands for each of the
 *    others, one group at a time (`EQUIVALENT_WORDS`: `质量` / `品质` / `质素`, `发货` / `出货`,
 *    `短信` / `简讯`, `卡` / `咭`); a Mandarin word also stands for the written-Cantonese one whose
 *    characters Mandarin uses otherwise, so the normaliser cannot map them (`CANTONESE_WORDS`, one
 *    way only: `还没到` finds `仲没到`, but `仲裁` never finds `还`; `是假的` finds `係假嘅`, but
 *    `关系` stays; `修好` finds `整好`; `吃` finds `食`); and `没` / `没有` (`没收到`, `没有收到`).
 * 2. Inflections of each of those spellings, when it is all Chinese:
 *    - two characters also match split by an aspect particle (`ASPECT`), since most such keywords
 *      are verb–object words that split around one (离合词): `发霉` finds `发了霉` and Cantonese
 *      `發咗霉` / `發晒霉`, `起火` finds `起了火`, `退款` finds `退过款`. A particle between the
 *      characters of a noun is not Chinese, so nouns gain nothing and lose nothing;
 *    - a final perfective `了` also matches Cantonese `晒` ("completely", done) in its place:
 *      `坏了` finds `壞晒`, `湿了` finds `濕晒`;
 *    - a degree adverb stands for any of them (`DEGREE`): `态度很差` finds `态度超差`, `態度好差`,
 *      `态度咁差`; `太慢` finds `好慢`, `超慢`. Only the unambiguous ones are read as a degree in
 *      a keyword (`DEGREE_IN_KEYWORD`); `好` (good) and `超` (exceed, `超时`) are, but only in the
 *      text.
 */
export function chineseSpellings(text: string): string[] {
  const spellings = new Set<string>();
  for (const word of equivalentWords(text)) {
    spellings.add(word);
    if (ALL_CHINESE.test(word)) for (const inflected of inflections(word)) spellings.add(inflected);
  }
  spellings.delete(text);
  return [...spellings];
}

/** Whether a normalised keyword has a Chinese character, so `chineseSpellings` applies. */
export function hasChinese(text: string): boolean {
  return SOME_CHINESE.test(text);
}

const ALL_CHINESE = /^[\u3400-\u9fff]+$/;
const SOME_CHINESE = /[\u3400-\u9fff]/;

/**
 * Groups of words that mean the same in complaints, after normalising (simplified characters,
 * Cantonese function characters already Mandarin). Regional vocabulary first, then the written-
 * Cantonese words whose characters Mandarin uses otherwise.
 */
export const EQUIVALENT_WORDS: ReadonlyArray<readonly string[]> = [
  ['质量', '品质', '质素'],
  ['发货', '出货'],
  ['快递', '宅配', '速递'],
  ['信息', '资讯', '讯息'],
  ['短信', '简讯'],
  ['网络', '网路'],
  ['视频', '影片'],
  ['软件', '软体'],
  ['屏幕', '萤幕', '荧幕'],
  ['打印', '列印'],
  ['空调', '冷气'],
  ['冰箱', '雪柜'],
  ['外卖', '外送'],
  ['服务员', '服务生', '侍应'],
  ['保修', '保固', '保养'],
  ['小区', '社区', '屋苑'],
  ['电梯', '升降机', '𨋢'],
  ['下单', '订购', '落单'],
  ['投诉', '客诉'],
  ['便利店', '便利商店', '超商'],
  ['塑料', '塑胶'],
  ['卡', '咭'],
  ['账户', '户口'],
  ['邮件', '电邮'],
  ['上门', '到府'],
  ['老板', '老细'],
  ['价格', '价钱'],
];

/**
 * Written-Cantonese words whose characters Mandarin also uses, otherwise (`仲裁`, `关系`, `整个`):
 * one way only, so a keyword's Mandarin word also finds the Cantonese one, never the reverse.
 */
export const CANTONESE_WORDS: ReadonlyArray<readonly [mandarin: string, cantonese: string]> = [
  ['还', '仲'],
  ['是', '系'],
  ['吃', '食'],
  ['喝', '饮'],
  ['回', '返'],
  ['修', '整'],
  ['拿', '拎'],
  ['东西', '嘢'],
  ['什么', '咩'],
  ['为什么', '点解'],
  ['哪里', '边度'],
  ['现在', '而家'],
];

function equivalentWords(text: string): string[] {
  const words = [text];
  for (const group of EQUIVALENT_WORDS) {
    for (const member of group) {
      const at = text.indexOf(member);
      if (at < 0) continue;
      for (const other of group) {
        if (other !== member)
          words.push(text.slice(0, at) + other + text.slice(at + member.length));
      }
      break;
    }
  }
  for (const [mandarin, cantonese] of CANTONESE_WORDS) {
    const at = text.indexOf(mandarin);
    if (at >= 0) words.push(text.slice(0, at) + cantonese + text.slice(at + mandarin.length));
  }
  const without = text.indexOf('没有');
  if (without >= 0) {
    words.push(text.slice(0, without + 1) + text.slice(without + 2));
  } else {
    const not = text.indexOf('没');
    if (not >= 0 && not < text.length - 1) {
      words.push(`${text.slice(0, not + 1)}有${text.slice(not + 1)}`);
    }
  }
  return words;
}

function inflections(word: string): string[] {
  const out: string[] = [];
  for (const match of word.matchAll(DEGREE_IN_KEYWORD)) {
    const before = word.slice(0, match.index);
    const after = word.slice(match.index + match[0].length);
    if (after.length === 0) continue;
    for (const degree of DEGREE) {
      if (degree !== match[0]) out.push(`${before}${degree}${after}`);
    }
  }
  if (word.length === 2 && !ASPECT.includes(word.charAt(1)) && !DEGREE.includes(word.charAt(0))) {
    for (const particle of ASPECT) out.push(`${word.charAt(0)}${particle}${word.charAt(1)}`);
  }
  if (word.length >= 2 && word.endsWith('了')) out.push(`${word.slice(0, -1)}晒`);
  return out;
}

/**
 * Aspect particles that split a two-character verb–object word, after normalising: perfective
 * `了` (Cantonese `咗` becomes it), experiential `过`, durative `着`, and Cantonese `晒`
 * ("completely").
 */
const ASPECT = ['了', '过', '着', '晒'];

/**
 * Degree adverbs of complaints in mainland, Taiwan and Hong Kong usage, after normalising
 * (`極` → `极`, `勁` → `劲`, `有夠` → `有够`, Cantonese `咁` → `这`).
 */
const DEGREE = [
  '很',
  '太',
  '非常',
  '特别',
  '十分',
  '超',
  '超级',
  '好',
  '真',
  '极',
  '极其',
  '挺',
  '蛮',
  '巨',
  '贼',
  '有够',
  '劲',
  '这么',
  '那么',
  '这',
  '相当',
  '实在',
];
const DEGREE_IN_KEYWORD = /很|太|非常|特别|十分/g;
