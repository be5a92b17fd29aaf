import { applyRange, type ApplyOptions, type OffsetRange } from './batch-apply';
import { PoisonMessage } from './poison-message';

interface Call {
  offsets: number[];
  firstOffset: bigint;
  lastOffset: bigint;
  attempt: number;
}

/** A harness whose handler fails on the offsets in `bad`; waits are recorded, never slept. */
function harness(options: { bad?: Set<number>; poison?: boolean; failFirst?: number } = {}) {
  const calls: Call[] = [];
  const appliedUpTo: bigint[] = [];
  const deadLetters: Array<{ offset: number; attempts: number }> = [];
  const waits: number[] = [];
  let failuresLeft = options.failFirst ?? 0;
  const apply: ApplyOptions<number> = {
    handle: async (records, range, attempt) => {
      calls.push({ offsets: [...records], ...range, attempt });
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('transient');
      }
      if (records.some((offset) => options.bad?.has(offset))) {
        throw options.poison ? new PoisonMessage('bad record') : new Error('bad record');
      }
    },
    offsetOf: (record) => BigInt(record),
    deadLetter: async (record, _error, attempts) =>
      void deadLetters.push({ offset: record, attempts }),
    applied: (next) => void appliedUpTo.push(next),
    maxAttempts: 3,
    backoff: { initialMs: 100, maxMs: 1_000 },
    isOutage: () => false,
    wait: async (ms) => {
      waits.push(ms);
      return true;
    },
    interrupted: () => false,
    random: () => 1,
  };
  return { calls, appliedUpTo, deadLetters, waits, apply };
}

const range = (first: number, last: number): OffsetRange => ({
  firstOffset: BigInt(first),
  lastOffset: BigInt(last),
});

describe('applyRange', () => {
  it('hands the whole range over in one call when the handler succeeds', async () => {
    const h = harness();
    await expect(applyRange([10, 11, 13], range(9, 14), h.apply)).resolves.toBe('applied');
    expect(h.calls).toEqual([
      { offsets: [10, 11, 13], firstOffset: 9n, lastOffset: 14n, attempt: 1 },
    ]);
    expect(h.appliedUpTo).toEqual([15n]);
  });

  it('retries a failing call with growing back-off, the same records each time', async () => {
    const h = harness({ failFirst: 2 });
    await applyRange([1, 2], range(1, 2), h.apply);
    expect(h.calls.map((call) => call.attempt)).toEqual([1, 2, 3]);
    expect(h.calls.every((call) => call.offsets.join() === '1,2')).toBe(true);
    expect(h.waits).toEqual([100, 200]);
    expect(h.deadLetters).toEqual([]);
  });

  it('cuts a batch that keeps failing in halves until the bad record is alone, dead-letters it, and covers its offset with the next call', async () => {
    const h = harness({ bad: new Set([3]) });
    await applyRange([0, 1, 2, 3, 4, 5], range(0, 5), h.apply);
    expect(h.deadLetters).toEqual([{ offset: 3, attempts: 3 }]);
    const succeeded = h.calls.filter((call) => !call.offsets.includes(3));
    expect(succeeded.map((call) => [call.firstOffset, call.lastOffset, call.offsets])).toEqual([
      [0n, 2n, [0, 1, 2]],
      // The range after the dead letter starts at it, so stored offsets stay contiguous.
      [3n, 4n, [4]],
      [5n, 5n, [5]],
    ]);
    expect(h.appliedUpTo).toEqual([3n, 5n, 6n]);
  });

  it('cuts at once on a PoisonMessage, without waiting', async () => {
    const h = harness({ bad: new Set([1]), poison: true });
    await applyRange([0, 1], range(0, 1), h.apply);
    expect(h.waits).toEqual([]);
    expect(h.deadLetters).toEqual([{ offset: 1, attempts: 1 }]);
    expect(h.appliedUpTo).toEqual([1n, 2n]);
  });

  it('closes a range whose last records were dead-lettered with a call without records', async () => {
    const h = harness({ bad: new Set([7]), poison: true });
    await applyRange([7], range(5, 7), h.apply);
    expect(h.deadLetters).toEqual([{ offset: 7, attempts: 1 }]);
    expect(h.calls.at(-1)).toEqual({ offsets: [], firstOffset: 5n, lastOffset: 7n, attempt: 1 });
    expect(h.appliedUpTo).toEqual([8n]);
  });

  it('calls the handler without records for a range of only invalid records', async () => {
    const h = harness();
    await applyRange([], range(4, 6), h.apply);
    expect(h.calls).toEqual([{ offsets: [], firstOffset: 4n, lastOffset: 6n, attempt: 1 }]);
  });

  it('retries an outage for as long as it lasts without counting it or cutting the batch', async () => {
    const h = harness({ failFirst: 7 });
    h.apply.isOutage = () => true;
    await applyRange([1, 2], range(1, 2), h.apply);
    expect(h.calls).toHaveLength(8);
    expect(h.calls.every((call) => call.attempt === 1 && call.offsets.length === 2)).toBe(true);
    expect(h.deadLetters).toEqual([]);
  });

  it('stops without applying when interrupted during a back-off', async () => {
    const h = harness({ failFirst: 1 });
    h.apply.wait = async () => false;
    await expect(applyRange([1], range(1, 1), h.apply)).resolves.toBe('interrupted');
    expect(h.appliedUpTo).toEqual([]);
  });

  it('rejects when a dead letter cannot be written, before moving past the record', async () => {
    const h = harness({ bad: new Set([2]), poison: true });
    h.apply.deadLetter = async () => {
      throw new Error('broker down');
    };
    await expect(applyRange([1, 2, 3], range(1, 3), h.apply)).rejects.toThrow('broker down');
    expect(h.appliedUpTo).toEqual([2n]);
  });
});
