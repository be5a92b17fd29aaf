import { randomUUID } from 'node:crypto';
import { NO_FLAGS, TOPICS } from '@redress/contracts';
import { cloudEvent, publishEvents, type KafkaOptions } from '@redress/testing';
import { DEFAULT_ANALYTICS_POLICY, WindowClock } from '../src/domain';
import { Random } from '../src/domain/evaluation/random';

/** The detectors' days (Shanghai days, as the default policy counts them). */
export const clock = new WindowClock(DEFAULT_ANALYTICS_POLICY.windows.utcOffsetMinutes);

export const PRODUCTS = ['SKU-A', 'SKU-B', 'SKU-C', 'SKU-D'];

export interface HistoricComplaint {
  id: string;
  /** When it was received (and, live, registered and triaged). */
  at: string;
  productSku: string;
  batchNo?: string;
  region: string;
  category: string;
  description: string;
}

/** Day `day` after day index `day0` at `hour` o'clock, Shanghai time. */
export function onHistoryDay(day0: number, day: number, hour: number): string {
  return new Date(clock.startMs(day0 + day) + hour * 3_600_000).toISOString();
}

/**
 * 32 days of complaints about four products from two regions (Poisson, about 16 a day), and on
 * `surgeDay` a surge: 30 complaints about battery swelling in SKU-A's batch `surgeBatch`, and 25
 * more east/logistics complaints. Seeded: the same counts every run.
 */
export function history(
  day0: number,
  surgeDay: number,
  surgeBatch = 'B7',
): {
  days: HistoricComplaint[][];
  batchSurge: HistoricComplaint[];
  regionSurge: HistoricComplaint[];
} {
  const rng = new Random(7);
  const days: HistoricComplaint[][] = [];
  const batchSurge: HistoricComplaint[] = [];
  const regionSurge: HistoricComplaint[] = [];
  const complaint = (about: Omit<HistoricComplaint, 'id' | 'at'>): HistoricComplaint => ({
    id: randomUUID(),
    at: '',
    ...about,
  });
  for (let day = 0; day < 32; day += 1) {
    const complaints: HistoricComplaint[] = [];
    for (const sku of PRODUCTS) {
      for (let n = rng.poisson(4); n > 0; n -= 1) {
        complaints.push(
          complaint({
            productSku: sku,
            region: rng.chance(0.5) ? 'east' : 'west',
            category: 'logistics',
            description: rng.chance(0.5) ? '快递太慢了，等了一周' : 'The parcel arrived late again',
          }),
        );
      }
    }
    if (day === surgeDay) {
      for (let n = 0; n < 30; n += 1) {
        const c = complaint({
          productSku: 'SKU-A',
          batchNo: surgeBatch,
          region: 'west',
          category: 'quality',
          description: '充电宝电池鼓包，不敢再用',
        });
        batchSurge.push(c);
        complaints.push(c);
      }
      for (let n = 0; n < 25; n += 1) {
        const c = complaint({
          productSku: PRODUCTS[n % PRODUCTS.length] ?? 'SKU-B',
          region: 'east',
          category: 'logistics',
          description: '仓库发错货，物流信息不更新',
        });
        regionSurge.push(c);
        complaints.push(c);
      }
    }
    // Spread over the working day, 09:00 to 19:00 Shanghai time.
    complaints.forEach((c, i) => {
      c.at = onHistoryDay(day0, day, 9 + (10 * i) / complaints.length);
    });
    days.push(complaints);
  }
  return { days, batchSurge, regionSurge };
}

/**
 * Publishes each complaint's `ComplaintRegistered` (version 2) and `ComplaintTriaged` as intake
 * and triage would: live, at its time; imported (`importedAt` given), at the import's time with
 * the complaint's time as `receivedAt`.
 */
export async function publishHistory(
  complaints: readonly HistoricComplaint[],
  kafka: KafkaOptions,
  importedAt?: string,
): Promise<void> {
  const registered = complaints.map((c) => {
    const at = importedAt ?? c.at;
    const e = cloudEvent('/redress/intake', 'ComplaintRegistered', c.id, {
      complaintId: c.id,
      trackingNo: `RD-20261001-${c.id.slice(0, 8).toUpperCase()}`,
      channel: 'app',
      customer: { customerRef: 'cus_abcdefghijklmnopqrstuvwxyz' },
      subject: {
        type: 'product',
        productSku: c.productSku,
        ...(c.batchNo ? { batchNo: c.batchNo } : {}),
        purchaseChannel: 'flagship',
      },
      description: c.description,
      region: c.region,
      desiredRemedies: [],
      complainantCount: 1,
      flags: NO_FLAGS,
      attachments: [],
      registeredAt: at,
      receivedAt: c.at,
      imported: importedAt !== undefined,
    });
    e.time = at;
    e.schemaversion = 2;
    return e;
  });
  const triaged = complaints.map((c) => {
    const at = importedAt ?? c.at;
    const e = cloudEvent('/redress/triage', 'ComplaintTriaged', c.id, {
      complaintId: c.id,
      type: 'product',
      category: c.category,
      severity: 'general',
      escalationClass: 'general',
      department: c.category === 'quality' ? 'quality' : 'warehouse',
      customerTier: 'unknown',
      deadlines: { resolveBy: new Date(Date.parse(at) + 3 * 86_400_000).toISOString() },
      rulesFired: [],
      policyVersion: 1,
      confidence: 0.9,
      needsReview: false,
      notify: [],
      approver: 'project-general-manager',
      reportToHeadquarters: false,
      registeredAt: at,
      triagedAt: at,
    });
    e.time = at;
    return e;
  });
  await publishEvents(TOPICS.intake, registered, kafka);
  await publishEvents(TOPICS.triage, triaged, kafka);
}
