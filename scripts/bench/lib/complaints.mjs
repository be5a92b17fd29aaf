// Registration bodies as a hotline or web channel sends them: a Chinese-speaking customer, a
// product complaint with a realistic description that repeats the customer's phone number (which
// intake masks before anything leaves it). Every body has its own phone number, so duplicate
// detection never links two benchmark complaints and every request registers a new complaint
// (and, as for any first-time customer, creates that customer's data key).

const NAMES = ['张三', '李四', '王五', '赵敏', '陈晓明', '刘芳', '周杰', '吴丽娟', '郑浩', '孙悦'];
const CHANNELS = ['hotline', 'web', 'app', 'wechat', 'email'];
const PRODUCTS = [
  { sku: 'YG-200', title: '酸奶有异物', what: '原味酸奶', problem: '打开后发现里面有一只苍蝇' },
  { sku: 'MK-1L', title: '牛奶变质', what: '一升装纯牛奶', problem: '在保质期内就已经结块发酸' },
  { sku: 'CH-350', title: '奶酪包装破损', what: '儿童奶酪棒', problem: '外包装漏气，奶酪表面发霉' },
  { sku: 'PW-900', title: '奶粉罐有异味', what: '婴幼儿配方奶粉', problem: '开罐后有明显的哈喇味' },
];
const SHOPS = ['天猫旗舰店', '京东自营', '社区超市', '盒马鲜生'];
const REGIONS = ['east-china', 'north-china', 'south-china', 'southwest'];

/**
 * Returns `next()`, which builds the next registration body as a JSON string. `seed` keeps
 * phone numbers of different runs apart (the database is fresh per run; it is cheap insurance).
 * `productVariants` spreads the complaints over that many SKUs of each of the four products
 * (1: every complaint is about one of four SKUs, a product crisis; more: a catalogue).
 */
export function complaintBodies(
  seed = Math.floor(Math.random() * 90) + 10,
  { productVariants = 1 } = {},
) {
  let counter = 0;
  return function next() {
    counter += 1;
    const n = counter;
    const phone = `13${seed}${String(n).padStart(7, '0')}`.slice(0, 11);
    const name = NAMES[n % NAMES.length];
    const product = PRODUCTS[n % PRODUCTS.length];
    const shop = SHOPS[n % SHOPS.length];
    const day = String((n % 27) + 1).padStart(2, '0');
    const body = {
      channel: CHANNELS[n % CHANNELS.length],
      customer: {
        name,
        phone,
        ...(n % 3 === 0 ? { email: `customer${n}@example.com` } : {}),
      },
      subject: {
        type: 'product',
        productSku: productVariants > 1 ? `${product.sku}-${n % productVariants}` : product.sku,
        batchNo: `B2026${day}${n % 7}`,
        purchaseChannel: shop,
        purchasedAt: `2026-11-${day}`,
      },
      title: product.title,
      description:
        `我在${shop}买的${product.what}（批次号 B2026${day}${n % 7}），${product.problem}。` +
        '孩子已经喝了一口，现在有点肚子疼，我们很担心。客服电话一直占线，' +
        `请尽快联系我，电话 ${phone}，白天都方便接听。希望给个说法并退款，` +
        '同时请检查同一批次的其他产品，避免别的家庭也遇到这种情况。',
      desiredRemedies: ['refund', 'apology'],
      region: REGIONS[n % REGIONS.length],
      language: 'zh-CN',
    };
    return JSON.stringify(body);
  };
}
