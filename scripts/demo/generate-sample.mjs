#!/usr/bin/env node
// Writes the demo's bundled data, seeded so that a re-run gives the same files:
//
//   node scripts/demo/generate-sample.mjs && npx prettier --write scripts/demo/*.json
//
// complaints.json — the live sample `npm run demo` registers (328 complaints, Chinese and
//   English, every channel and subject type of CONTRACT, with the scripted scenarios marked);
// history.json — 60 days of earlier complaints for intake's import, placed by `daysAgo` (the
//   demo turns it into a date when it runs), with a planted surge of one product batch and of
//   one region × category a few days before today.
// Names, phones and e-mail addresses are invented (example.com, 139 0000 xxxx numbers).
import contracts from '@redress/contracts';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

// CONTRACT.md's vocabulary, from the contracts package (built by `npm start` or
// `npx turbo run build --filter=@redress/contracts`).
export const { CHANNELS, SUBJECT_TYPES } = contracts;
export const SAMPLE_SIZE = 320;
export const HISTORY_DAYS = 60;

/** mulberry32: a small seeded generator, enough for sample data. */
export function seeded(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const PRODUCTS = [
  { sku: 'YG-200', model: '原味酸奶 200g', en: 'plain yogurt 200 g', zh: '酸奶' },
  { sku: 'KT-880', model: 'KT-880 空调', en: 'KT-880 air conditioner', zh: '空调' },
  { sku: 'PH-12', model: 'PH-12 手机', en: 'PH-12 phone', zh: '手机' },
  { sku: 'WM-75', model: 'WM-75 洗衣机', en: 'WM-75 washing machine', zh: '洗衣机' },
  { sku: 'RC-30', model: 'RC-30 电饭煲', en: 'RC-30 rice cooker', zh: '电饭煲' },
  { sku: 'BK-09', model: 'BK-09 儿童自行车', en: 'BK-09 kids bicycle', zh: '儿童自行车' },
];
const REGIONS = ['上海', '北京', '广东深圳', '浙江杭州', '四川成都', '湖北武汉', '江苏南京'];
const STORES = ['天猫旗舰店', '京东自营', '南京路门店', 'official app store', '拼多多'];
const ZH_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
const ZH_GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '婷'];
const EN_FIRST = ['Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Grace'];
const EN_LAST = ['Smith', 'Chen', 'Brown', 'Wong', 'Taylor', 'Lee', 'Walker', 'Ng', 'Clark'];

// Texts by subject type, in both languages: what customers of a retailer, a manufacturer and a
// property company write (DOMAIN §1's scenes). {p} is the product, {d} a number of days.
const TEXTS = {
  product: {
    zh: [
      '买的{p}用了{d}天就坏了，完全不能用，质量太差，要求退货。',
      '{p}质量有问题，开机就有异响，发热严重，担心安全。',
      '新买的{p}外壳开裂，做工粗糙，质量不合格。',
      '{p}打开后发现有异味，疑似过期变质，吃了肚子疼。',
      '{p}功能和宣传不符，说明书写的功能根本没有。',
    ],
    en: [
      'The {p} stopped working after {d} days. Poor quality, I want a refund.',
      'My {p} makes a loud noise and overheats, I am worried it is unsafe.',
      'The {p} arrived with a cracked casing, the build quality is terrible.',
      'The {p} smelled off when I opened it, looks spoiled, and my stomach hurt after eating it.',
      'The {p} does not do what the advert promised; the feature in the manual is missing.',
    ],
  },
  service: {
    zh: [
      '客服回复太慢，等了{d}天才有人回复，问题还没解决。',
      '售后服务态度很差，打了好几次电话都推来推去。',
      '预约的上门安装服务师傅没来，也没人通知改期。',
      '在线客服一直是机器人回复，找不到人工客服。',
    ],
    en: [
      'Customer service took {d} days to reply and my problem is still not solved.',
      'After-sales support keeps passing me around, nobody takes responsibility.',
      'The installation appointment was missed and nobody told me it was rescheduled.',
      'The online chat only gives bot answers, I cannot reach a human agent.',
    ],
  },
  staff: {
    zh: [
      '门店店员态度恶劣，对我大声呵斥，非常不尊重顾客。',
      '收银员多收钱还不承认，态度很差。',
      '维修师傅不专业，修了两次都没修好，还乱收费。',
    ],
    en: [
      'The shop assistant was rude and shouted at me in front of other customers.',
      'The cashier overcharged me and refused to admit it, very unprofessional.',
      'The repair technician was unprofessional, two visits and it is still broken.',
    ],
  },
  process: {
    zh: [
      '退货流程太繁琐，要填好几张表，来回跑了{d}趟。',
      '会员积分规则不合理，积分莫名其妙被清零。',
      '发票申请流程复杂，等了{d}天还没开出来。',
    ],
    en: [
      'The return process is far too complicated, I had to fill in forms {d} times.',
      'My loyalty points were reset without notice, the rules are unreasonable.',
      'Getting an invoice takes forever, still waiting after {d} days.',
    ],
  },
  logistics: {
    zh: [
      '快递{d}天还没到，物流信息一直不更新。',
      '收到的包裹外箱破损，里面商品摔坏了。',
      '快递员没送货就显示已签收，联系不上快递员。',
      '物流太慢，说好三天送达，结果超时{d}天。',
    ],
    en: [
      'My parcel has not arrived after {d} days and the tracking has not updated.',
      'The parcel arrived with the box crushed and the goods inside broken.',
      'The courier marked the parcel as delivered but I never received it.',
      'Delivery was promised in three days and is now {d} days late.',
    ],
  },
  billing: {
    zh: [
      '账单重复扣款，同一笔订单扣了两次钱，要求退还。',
      '退款申请{d}天了还没到账。',
      '自动续费没有提前通知，莫名被扣费。',
    ],
    en: [
      'I was charged twice for the same order, please refund the duplicate charge.',
      'My refund was approved {d} days ago and still has not reached my account.',
      'I was billed for an automatic renewal without any notice.',
    ],
  },
  property: {
    zh: [
      '小区电梯经常故障，物业报修{d}天了还没修好。',
      '楼道漏水严重，物业一直不处理。',
      '物业费上涨没有公示，业主不认可。',
    ],
    en: [
      'The lift in our building keeps breaking down; reported {d} days ago, still not repaired.',
      'Water is leaking into the stairwell and property management does nothing.',
      'The property fee went up without any notice to the owners.',
    ],
  },
  other: {
    zh: ['你们的广告短信太多了，退订也没用。', '门店停车场收费标准不清楚。'],
    en: [
      'I keep getting promotional messages even after unsubscribing.',
      'The store car park charges are not explained anywhere.',
    ],
  },
};

const DESIRED = {
  product: ['refund', 'exchange', 'repair'],
  service: ['apology', 'explanation'],
  staff: ['apology'],
  process: ['explanation'],
  logistics: ['refund', 'compensation'],
  billing: ['refund'],
  property: ['repair', 'explanation'],
  other: ['explanation'],
};

function customerFor(rng, index, language, prefix) {
  const zh = language.startsWith('zh');
  const name = zh
    ? `${rng.pick(ZH_SURNAMES)}${rng.pick(ZH_GIVEN)}${rng.chance(0.5) ? rng.pick(ZH_GIVEN) : ''}`
    : `${rng.pick(EN_FIRST)} ${rng.pick(EN_LAST)}`;
  // One customer per complaint: intake would link a second submission of one customer about one
  // subject to the first (its duplicate window).
  const number = String(index).padStart(4, '0');
  const customer = { name };
  if (rng.chance(0.8)) customer.phone = `139${prefix}000${number}`;
  else customer.email = `${prefix === '1' ? 'demo' : 'past'}.customer${number}@example.com`;
  customer.tier = rng.pick(['low', 'medium', 'medium', 'medium', 'high']);
  return customer;
}

function subjectFor(rng, type) {
  const subject = { type };
  if (type === 'product') {
    const product = rng.pick(PRODUCTS);
    Object.assign(subject, {
      productSku: product.sku,
      productModel: product.model,
      batchNo: `B2026${String(rng.int(1, 11)).padStart(2, '0')}${rng.int(10, 28)}`,
      purchaseChannel: rng.pick(STORES),
    });
  }
  if (type === 'logistics' || type === 'billing') subject.orderId = `SO${rng.int(100000, 999999)}`;
  if (type === 'staff') subject.staffId = `S${rng.int(1000, 9999)}`;
  return subject;
}

function textFor(rng, type, language, subject) {
  const product = PRODUCTS.find((p) => p.sku === subject.productSku);
  const zh = language.startsWith('zh');
  const template = rng.pick(TEXTS[type][zh ? 'zh' : 'en']);
  return template
    .replace('{p}', product ? (zh ? product.zh : product.en) : zh ? '商品' : 'item')
    .replace('{d}', String(rng.int(3, 15)));
}

function complaint(rng, index, { channel, type, language }) {
  const subject = subjectFor(rng, type);
  const description = textFor(rng, type, language, subject);
  return {
    id: `demo-${String(index).padStart(4, '0')}`,
    channel,
    customer: customerFor(rng, index, language, '1'),
    subject,
    description,
    desiredRemedies: [rng.pick(DESIRED[type])],
    region: rng.pick(REGIONS),
    language,
  };
}

/** The scripted scenarios, each one complaint written out in full (DOMAIN.md's worked case first). */
function scenarios() {
  const phone = (n) => `1391000${String(n).padStart(4, '0')}`;
  return [
    {
      id: 'demo-0001',
      scenario: 'sla-breach',
      channel: 'hotline',
      customer: { name: '赵敏', phone: phone(9001), tier: 'medium' },
      subject: {
        type: 'product',
        productSku: 'BK-09',
        productModel: 'BK-09 儿童自行车',
        batchNo: 'B20261105',
        purchaseChannel: '京东自营',
      },
      title: '儿童自行车刹车失灵，孩子摔伤',
      description:
        '孩子骑新买的儿童自行车下坡时刹车突然失灵，摔倒后手臂骨折送医院，这是严重的安全隐患，要求召回并赔偿医疗费。',
      desiredRemedies: ['refund', 'compensation'],
      region: '上海',
      language: 'zh',
      flags: { safetyIncident: true },
    },
    {
      id: 'demo-0002',
      scenario: 'food-safety-case-study',
      channel: 'store',
      customer: { name: '钱女士', phone: phone(9002), tier: 'high' },
      subject: {
        type: 'product',
        productSku: 'YG-200',
        productModel: '原味酸奶 200g',
        batchNo: 'B20261120',
        purchaseChannel: '南京路门店',
      },
      title: '酸奶里有苍蝇',
      description:
        '孩子在餐厅打开的酸奶里有一只苍蝇，食品安全问题严重。值班经理态度恶劣，只说带孩子去医院。要求说明原因并道歉。',
      desiredRemedies: ['apology', 'explanation', 'compensation'],
      region: '上海',
      language: 'zh',
      flags: { safetyIncident: true },
    },
    {
      id: 'demo-0003',
      scenario: 'media-threat',
      channel: 'social_media',
      customer: { name: 'Daniel Wong', email: 'daniel.w@example.com', tier: 'medium' },
      subject: { type: 'logistics', orderId: 'SO880231' },
      title: 'Third missed delivery — going to the press',
      description:
        'This is the third time my parcel was marked delivered but never arrived. If this is not fixed this week I will take the story to the newspaper and post it everywhere.',
      desiredRemedies: ['refund', 'compensation'],
      region: '广东深圳',
      language: 'en',
      flags: { mediaThreat: true },
    },
    {
      id: 'demo-0004',
      scenario: 'collective',
      channel: 'regulator',
      customer: { name: '业主代表孙先生', phone: phone(9004), tier: 'medium' },
      subject: { type: 'property' },
      title: '12户业主联名投诉电梯故障',
      description:
        '3号楼电梯一个月内故障六次，有老人被困在电梯里，12户业主联名投诉，物业报修后一直没有修好。',
      desiredRemedies: ['repair', 'explanation'],
      region: '浙江杭州',
      language: 'zh',
      complainantCount: 12,
    },
    ...[5, 6, 7].map((n, i) => ({
      id: `demo-000${n}`,
      scenario: 'same-subject',
      channel: ['web', 'app', 'email'][i],
      customer: {
        name: ['Sarah Lee', '周杰', 'Tom Clark'][i],
        ...(i === 2 ? { email: 'tom.clark@example.com' } : { phone: phone(9000 + n) }),
        tier: 'medium',
      },
      subject: {
        type: 'product',
        productSku: 'KT-880',
        productModel: 'KT-880 空调',
        batchNo: 'B20261012',
        purchaseChannel: '天猫旗舰店',
      },
      description: [
        'The KT-880 air conditioner leaks water onto the floor and makes a loud rattling noise.',
        'KT-880空调漏水，还有很大的异响，质量有问题。',
        'My new KT-880 air conditioner drips water and rattles at night, poor quality.',
      ][i],
      desiredRemedies: ['repair'],
      region: '江苏南京',
      language: i === 1 ? 'zh' : 'en',
    })),
    {
      id: 'demo-0008',
      scenario: 'unhappy',
      channel: 'wechat',
      customer: { name: '刘洋', phone: phone(9008), tier: 'low' },
      subject: {
        type: 'product',
        productSku: 'WM-75',
        productModel: 'WM-75 洗衣机',
        batchNo: 'B20260918',
        purchaseChannel: '拼多多',
      },
      description: '洗衣机脱水时剧烈晃动，有异响，质量有问题，要求维修。',
      desiredRemedies: ['repair'],
      region: '湖北武汉',
      language: 'zh',
    },
    {
      id: 'demo-0009',
      scenario: 'unreachable',
      channel: 'email',
      customer: { name: 'Grace Ng', email: 'grace.ng@example.com', tier: 'medium' },
      subject: { type: 'billing', orderId: 'SO551027' },
      description: 'I was charged twice for the same order, please refund the duplicate charge.',
      desiredRemedies: ['refund'],
      region: '北京',
      language: 'en',
    },
  ];
}

export function generateSample(seed = 20261207) {
  const rng = seeded(seed);
  const fixed = scenarios();
  const out = [...fixed];
  for (let index = fixed.length + 1; out.length < SAMPLE_SIZE; index += 1) {
    // Channels and subject types in turn, so every one is present whatever the seed.
    const channel = CHANNELS[index % CHANNELS.length];
    const type = SUBJECT_TYPES[(index * 7) % SUBJECT_TYPES.length];
    const language = rng.chance(0.55) ? 'zh' : 'en';
    const c = complaint(rng, index, { channel, type, language });
    // One in twenty is left part-way, so the summary shows work in progress.
    if (index % 20 === 3) c.scenario = 'in-progress';
    out.push(c);
  }
  return [...out, ...consultations()];
}

/**
 * Questions rather than complaints (DOMAIN §2 minor: answered at the first contact), so the demo
 * shows first-contact resolution and a closure without a survey.
 */
function consultations() {
  const questions = [
    ['zh', 'other', '请问会员积分怎么兑换？积分规则看不太明白。'],
    ['en', 'other', 'Quick question: how do I redeem my loyalty points? The rules are unclear.'],
    ['zh', 'process', '想咨询一下，退货的运费由谁承担？'],
    ['en', 'process', 'Could you tell me who pays for return shipping?'],
    ['zh', 'billing', '请问电子发票在哪里下载？'],
    ['en', 'service', 'I was wondering how I can change the installation appointment time.'],
    ['zh', 'service', '请问延保服务是否可以线上购买？'],
    ['en', 'billing', 'Question about my invoice: how do I add my company tax number?'],
  ];
  return questions.map(([language, type, description], i) => ({
    id: `demo-${String(SAMPLE_SIZE + 1 + i).padStart(4, '0')}`,
    channel: CHANNELS[i % CHANNELS.length],
    customer: {
      name:
        language === 'zh'
          ? ['林', '郑', '何', '高'][i % 4] + '先生'
          : ['Amy Fox', 'Ben Hall'][i % 2],
      phone: `1391001${String(i).padStart(4, '0')}`,
      tier: 'medium',
    },
    subject: { type },
    description,
    desiredRemedies: ['explanation'],
    region: REGIONS[i % REGIONS.length],
    language,
  }));
}

/**
 * 60 days of history for the import: a steady background over products, regions and types,
 * then a surge three to five days ago of one product batch (RC-30, batch B20261130: the rice
 * cooker's inner pot peeling) and of late parcels in one region (广东深圳 × logistics).
 */
export function generateHistory(seed = 60) {
  const rng = seeded(seed);
  const rows = [];
  let n = 0;
  const add = (daysAgo, row) => {
    n += 1;
    rows.push({ sourceId: `demo-history-${String(n).padStart(5, '0')}`, daysAgo, ...row });
  };
  for (let daysAgo = HISTORY_DAYS; daysAgo >= 1; daysAgo -= 1) {
    const count = rng.int(10, 16);
    for (let i = 0; i < count; i += 1) {
      const type = rng.pick(SUBJECT_TYPES);
      const language = rng.chance(0.55) ? 'zh' : 'en';
      const subject = subjectFor(rng, type);
      add(daysAgo, {
        channel: rng.pick(CHANNELS),
        customer: customerFor(rng, n, language, '2'),
        subject,
        description: textFor(rng, type, language, subject),
        region: rng.pick(REGIONS),
        language,
      });
    }
    if (daysAgo >= 3 && daysAgo <= 5) {
      for (let i = 0; i < 9; i += 1) {
        const language = i % 3 === 0 ? 'en' : 'zh';
        add(daysAgo, {
          channel: rng.pick(['hotline', 'app', 'web', 'store']),
          customer: customerFor(rng, n, language, '2'),
          subject: {
            type: 'product',
            productSku: 'RC-30',
            productModel: 'RC-30 电饭煲',
            batchNo: 'B20261130',
            purchaseChannel: rng.pick(STORES),
          },
          description:
            language === 'zh'
              ? '电饭煲内胆涂层脱落，煮的米饭里有黑色碎屑，质量问题，担心有害健康。'
              : 'The rice cooker inner pot coating is peeling off into the rice, a quality defect.',
          region: rng.pick(REGIONS),
          language,
        });
      }
      for (let i = 0; i < 10; i += 1) {
        const language = i % 2 === 0 ? 'zh' : 'en';
        add(daysAgo, {
          channel: rng.pick(['app', 'web', 'hotline']),
          customer: customerFor(rng, n, language, '2'),
          subject: { type: 'logistics', orderId: `SO${rng.int(100000, 999999)}` },
          description:
            language === 'zh'
              ? `快递${rng.int(4, 9)}天还没到，物流信息一直不更新，仓库发货太慢。`
              : `My parcel has not arrived after ${rng.int(4, 9)} days and the tracking has not updated.`,
          region: '广东深圳',
          language,
        });
      }
    }
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sample = generateSample();
  const history = generateHistory();
  writeFileSync(join(here, 'complaints.json'), `${JSON.stringify(sample, null, 1)}\n`);
  writeFileSync(join(here, 'history.json'), `${JSON.stringify(history)}\n`);
  process.stdout.write(`complaints.json: ${sample.length}; history.json: ${history.length}\n`);
}
