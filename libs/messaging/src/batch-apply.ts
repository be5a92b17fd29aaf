import { retryDelay, type BackoffOptions } from './backoff';
import { isPoisonMessage } from './poison-message';

/** What a handler call covers: every offset from `firstOffset` to `lastOffset`, both included. */
export interface OffsetRange {
  firstOffset: bigint;
  lastOffset: bigint;
}

export interface ApplyOptions<R> {
  /** One handler call: `records` (possibly none) standing for every offset of `range`. */
  handle: (records: readonly R[], range: OffsetRange, attempt: number) => Promise<void>;
  /** The record's offset, to cut a range in two. */
  offsetOf: (record: R) => bigint;
  /** Takes a record out for good; rejecting ends the apply with that error. */
  deadLetter: (record: R, error: unknown, attempts: number) => Promise<void>;
  /** A handler call covering offsets up to `next - 1` succeeded. */
  applied: (next: bigint, records: readonly R[]) => Promise<void> | void;
  /** Handler calls per slice before it is cut in two (or, a single record, dead-lettered). */
  maxAttempts: number;
  backoff: BackoffOptions;
  /** A dependency is down: retried for as long as it lasts, never counted (as EventConsumer). */
  isOutage: (error: unknown) => boolean;
  /** Waits `ms`; resolves false when stop, rebalance or seek cut it short. */
  wait: (ms: number) => Promise<boolean>;
  interrupted: () => boolean;
  onRetry?: (failure: RetryInfo) => void;
  random?: () => number;
}

export interface RetryInfo {
  error: unknown;
  attempt: number;
  records: number;
  outage: boolean;
  outageTries: number;
  delayMs: number;
}

export type ApplyOutcome = 'applied' | 'interrupted';

/**
 * Hands `records` (valid records in offset order, all within `range`) to `handle` so that the
 * calls cover `range` exactly once, one after another, each one all or nothing.
 *
 * A failing call is retried with back-off. After `maxAttempts` failed calls (at once for a
 * `PoisonMessage`) the slice is cut in two halves, tried in order, so one bad record cannot hold
 * back the records around it; a single record that still fails is dead-lettered and the next call
 * covers its offset too. A range whose records were all dead-lettered is closed by a call with no
 * records, so the caller's stored offset moves past them. Such a call, and an outage, are retried
 * until they succeed or the apply is interrupted.
 */
export async function applyRange<R>(
  records: readonly R[],
  range: OffsetRange,
  options: ApplyOptions<R>,
): Promise<ApplyOutcome> {
  const slices: R[][] = records.length > 0 ? [[...records]] : [];
  let next = range.firstOffset;
  while (slices.length > 0) {
    const slice = slices.shift() as R[];
    const following = slices[0]?.[0];
    const lastOffset =
      following === undefined ? range.lastOffset : options.offsetOf(following) - 1n;
    const result = await tryCall(slice, { firstOffset: next, lastOffset }, options, true);
    if (result.kind === 'interrupted') return 'interrupted';
    if (result.kind === 'applied') {
      next = lastOffset + 1n;
      continue;
    }
    const [only] = slice;
    if (slice.length === 1 && only !== undefined) {
      await options.deadLetter(only, result.error, result.attempts);
      continue;
    }
    const middle = Math.ceil(slice.length / 2);
    slices.unshift(slice.slice(0, middle), slice.slice(middle));
  }
  if (next <= range.lastOffset) {
    const closing = await tryCall(
      [],
      { firstOffset: next, lastOffset: range.lastOffset },
      options,
      false,
    );
    if (closing.kind === 'interrupted') return 'interrupted';
  }
  return 'applied';
}

type CallResult =
  | { kind: 'applied' }
  | { kind: 'interrupted' }
  | { kind: 'exhausted'; error: unknown; attempts: number };

async function tryCall<R>(
  records: readonly R[],
  range: OffsetRange,
  options: ApplyOptions<R>,
  mayGiveUp: boolean,
): Promise<CallResult> {
  let outageTries = 0;
  for (let attempt = 1; ;) {
    if (options.interrupted()) return { kind: 'interrupted' };
    try {
      await options.handle(records, range, attempt);
    } catch (error: unknown) {
      if (options.interrupted()) return { kind: 'interrupted' };
      const poison = isPoisonMessage(error);
      const outage = !poison && options.isOutage(error);
      if (mayGiveUp && !outage && (poison || attempt >= options.maxAttempts)) {
        return { kind: 'exhausted', error, attempts: attempt };
      }
      if (outage) outageTries += 1;
      const delayMs = retryDelay(outage ? outageTries : attempt, options.backoff, options.random);
      options.onRetry?.({ error, attempt, records: records.length, outage, outageTries, delayMs });
      if (!outage) attempt += 1;
      if (!(await options.wait(delayMs))) return { kind: 'interrupted' };
      continue;
    }
    await options.applied(range.lastOffset + 1n, records);
    return { kind: 'applied' };
  }
}
