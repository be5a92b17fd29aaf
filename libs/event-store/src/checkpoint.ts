/**
 * Where the relay stands: the (transaction_id, position) of the last published event. The relay
 * reads in that order, so everything at or before the checkpoint is published.
 */
export interface Checkpoint {
  /** `xid8` as a decimal string (it can exceed 2^53). */
  transactionId: string;
  position: number;
}

export const ORIGIN: Checkpoint = { transactionId: '0', position: 0 };

export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  const ta = BigInt(a.transactionId);
  const tb = BigInt(b.transactionId);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.position === b.position ? 0 : a.position < b.position ? -1 : 1;
}

/** Capped exponential back-off: initial, 2×, 4× … never above max. */
export function backoffDelay(failures: number, initialMs: number, maxMs: number): number {
  if (failures < 1) return 0;
  const exponent = Math.min(failures - 1, 30);
  return Math.min(maxMs, initialMs * 2 ** exponent);
}
