import type { HotTopicDetectedData } from '@redress/contracts';

/**
 * The new complaints a hot topic raises by what they are about (DOMAIN §5, the policy's
 * `escalation.hotTopic`): each field set must equal the complaint's (`subjectType` its
 * `subject.type`, `category` its decision's category, the others its `subject`'s).
 */
export interface HotTopicScope {
  subjectType: string;
  productSku?: string;
  category?: string;
  batchNo?: string;
  purchaseChannel?: string;
}

export type HotTopicAbout = Pick<
  HotTopicDetectedData,
  'kind' | 'key' | 'subjectType' | 'productSku' | 'category'
>;

/**
 * What a detected topic covers among complaints triage decides from now on, by its `kind`;
 * undefined when it covers none by scope (only the `members` analytics names):
 * - no kind (an older producer): the subject type, and the SKU and category when named;
 * - `product`: the same SKU (`productSku`, else the key);
 * - `batch`: the same batch number (the key is `<sku>#<batchNo>`) and the same SKU when known;
 *   a batch number alone does not name a product, so without a SKU any product's batch matches;
 * - `store`: product complaints bought through the same channel (the key);
 * - `phrase`: none. Analytics found the phrase in its members' text; triage matches no text
 *   against it, so the rule of what the phrase means lives in analytics alone.
 * A topic whose key does not say what its kind needs (a batch key without `#`) covers none.
 */
export function hotTopicScope(topic: HotTopicAbout): HotTopicScope | undefined {
  switch (topic.kind) {
    case undefined:
      return {
        subjectType: topic.subjectType,
        ...(topic.productSku === undefined ? {} : { productSku: topic.productSku }),
        ...(topic.category === undefined ? {} : { category: topic.category }),
      };
    case 'product': {
      const productSku = topic.productSku ?? topic.key;
      return productSku ? { subjectType: topic.subjectType, productSku } : undefined;
    }
    case 'batch': {
      const batch = batchOf(topic.key, topic.productSku);
      return batch && { subjectType: topic.subjectType, ...batch };
    }
    case 'store':
      return topic.key ? { subjectType: 'product', purchaseChannel: topic.key } : undefined;
    case 'phrase':
      return undefined;
    default: {
      const unknownKind: never = topic.kind;
      return unknownKind;
    }
  }
}

/**
 * SKU and batch number of a batch key `<sku>#<batchNo>` (`#<batchNo>` when the SKU is unknown).
 * The SKU, when the event names it, says where the number starts (a SKU may hold `#`); else the
 * first `#` does.
 */
function batchOf(
  key: string | undefined,
  productSku: string | undefined,
): { productSku?: string; batchNo: string } | undefined {
  if (key === undefined) return undefined;
  const hash = productSku === undefined ? key.indexOf('#') : productSku.length;
  if (hash < 0 || key[hash] !== '#') return undefined;
  const sku = key.slice(0, hash);
  const batchNo = key.slice(hash + 1);
  if (!batchNo || (productSku !== undefined && sku !== productSku)) return undefined;
  return sku ? { productSku: sku, batchNo } : { batchNo };
}
