/** A record handed out by `KeyOrderedSchedule.start`: its position in the batch, and itself. */
export interface Started<T> {
  readonly position: number;
  readonly record: T;
}

interface Entry<T> extends Started<T> {
  /** The next record of the batch with the same key. */
  sameKeyNext: Entry<T> | undefined;
  state: 'waiting' | 'ready' | 'running' | 'done';
}

/**
 * Decides which records of one partition's batch may be handled now, when up to `limit` of them
 * run at the same time but records with the same key run one after another in offset order;
 * and tracks the done prefix, the records up to the first one not yet done, which is as far as
 * the partition's offset may be committed without skipping anything.
 *
 * A record is ready once the record before it with the same key is done. The earliest ready
 * record starts first, so the done prefix grows as fast as it can, and with `limit` 1 the
 * records run in plain offset order. A null key is one key like any other: records without a
 * key run one after another. Memory is one entry per record of the batch, which kafkajs holds
 * anyway.
 */
export class KeyOrderedSchedule<T> {
  private readonly entries: Entry<T>[];
  /** Ready entries, earliest first; at most one per key. */
  private readonly ready: Entry<T>[];
  private running = 0;
  private done = 0;

  /** `records` in offset order; `limit` records at most in flight. */
  constructor(
    records: readonly T[],
    keyOf: (record: T) => string | null,
    private readonly limit: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`KeyOrderedSchedule: limit must be a positive integer, got ${limit}`);
    }
    const lastOfKey = new Map<string | null, Entry<T>>();
    this.entries = records.map((record, position) => {
      const entry: Entry<T> = { position, record, sameKeyNext: undefined, state: 'waiting' };
      const key = keyOf(record);
      const previous = lastOfKey.get(key);
      if (previous === undefined) entry.state = 'ready';
      else previous.sameKeyNext = entry;
      lastOfKey.set(key, entry);
      return entry;
    });
    this.ready = this.entries.filter((entry) => entry.state === 'ready');
  }

  /** Records started and not finished. */
  get inFlight(): number {
    return this.running;
  }

  /** Length of the done prefix: the first `doneCount` records are all done. */
  get doneCount(): number {
    return this.done;
  }

  /**
   * Starts the earliest ready record; undefined when `limit` records are in flight or every
   * record left waits for an earlier one of its key.
   */
  start(): Started<T> | undefined {
    if (this.running >= this.limit) return undefined;
    const entry = this.ready.shift();
    if (entry === undefined) return undefined;
    entry.state = 'running';
    this.running += 1;
    return { position: entry.position, record: entry.record };
  }

  /**
   * Marks a started record done (handled or dead-lettered), which readies the next record of
   * its key. Returns the last record of the done prefix if the prefix grew, else undefined.
   */
  finish(position: number): T | undefined {
    const entry = this.entries[position];
    if (entry?.state !== 'running') {
      throw new Error(`KeyOrderedSchedule: record ${position} was not started`);
    }
    entry.state = 'done';
    this.running -= 1;
    if (entry.sameKeyNext !== undefined) this.makeReady(entry.sameKeyNext);
    const before = this.done;
    while (this.entries[this.done]?.state === 'done') this.done += 1;
    return this.done > before ? this.entries[this.done - 1]?.record : undefined;
  }

  private makeReady(entry: Entry<T>): void {
    entry.state = 'ready';
    let low = 0;
    let high = this.ready.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.ready[middle]?.position ?? Infinity) < entry.position) low = middle + 1;
      else high = middle;
    }
    this.ready.splice(low, 0, entry);
  }
}
