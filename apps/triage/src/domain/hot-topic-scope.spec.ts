import { hotTopicScope, type HotTopicAbout } from './hot-topic-scope';

describe('hotTopicScope: the new complaints a hot topic raises by what it is about', () => {
  const cases: Array<[string, HotTopicAbout, ReturnType<typeof hotTopicScope>]> = [
    [
      'a topic without kind (an older producer) keeps subject type, SKU and category',
      { subjectType: 'product', productSku: 'SKU-1', category: 'food-safety' },
      { subjectType: 'product', productSku: 'SKU-1', category: 'food-safety' },
    ],
    [
      'a topic without kind naming only a subject type covers that type',
      { subjectType: 'service' },
      { subjectType: 'service' },
    ],
    [
      'a product topic covers its SKU',
      { kind: 'product', key: 'SKU-1', subjectType: 'product', productSku: 'SKU-1' },
      { subjectType: 'product', productSku: 'SKU-1' },
    ],
    [
      'a product topic without productSku takes the SKU from its key',
      { kind: 'product', key: 'SKU-1', subjectType: 'product' },
      { subjectType: 'product', productSku: 'SKU-1' },
    ],
    [
      'a product topic ignores a category: the SKU is what it is about',
      { kind: 'product', key: 'SKU-1', subjectType: 'product', productSku: 'SKU-1', category: 'x' },
      { subjectType: 'product', productSku: 'SKU-1' },
    ],
    [
      'a batch topic covers its SKU and batch number',
      { kind: 'batch', key: 'SKU-1#B-7', subjectType: 'product', productSku: 'SKU-1' },
      { subjectType: 'product', productSku: 'SKU-1', batchNo: 'B-7' },
    ],
    [
      "a batch topic's SKU says where the batch number starts, even when the SKU holds #",
      { kind: 'batch', key: 'SKU#1#B#7', subjectType: 'product', productSku: 'SKU#1' },
      { subjectType: 'product', productSku: 'SKU#1', batchNo: 'B#7' },
    ],
    [
      'a batch topic of an unknown SKU covers the batch number alone',
      { kind: 'batch', key: '#B-7', subjectType: 'product' },
      { subjectType: 'product', batchNo: 'B-7' },
    ],
    [
      'a batch topic without productSku reads the SKU from its key',
      { kind: 'batch', key: 'SKU-1#B-7', subjectType: 'product' },
      { subjectType: 'product', productSku: 'SKU-1', batchNo: 'B-7' },
    ],
    [
      'a batch key that does not start with the named SKU covers nothing by scope',
      { kind: 'batch', key: 'SKU-2#B-7', subjectType: 'product', productSku: 'SKU-1' },
      undefined,
    ],
    [
      'a batch key without a batch number covers nothing by scope',
      { kind: 'batch', key: 'SKU-1', subjectType: 'product' },
      undefined,
    ],
    [
      'a store topic covers product complaints bought through that channel',
      { kind: 'store', key: '天猫旗舰店', subjectType: 'product' },
      { subjectType: 'product', purchaseChannel: '天猫旗舰店' },
    ],
    [
      'a store topic without a key covers nothing by scope',
      { kind: 'store', subjectType: 'product' },
      undefined,
    ],
    [
      'a phrase topic covers no complaint by scope, only its members',
      { kind: 'phrase', key: '包装破损', subjectType: 'product' },
      undefined,
    ],
    [
      "a phrase topic of several subject types ('other') covers none either",
      { kind: 'phrase', key: '态度差', subjectType: 'other' },
      undefined,
    ],
  ];

  it.each(cases)('%s', (_name, given, expected) => {
    expect(hotTopicScope(given)).toEqual(expected);
  });
});
