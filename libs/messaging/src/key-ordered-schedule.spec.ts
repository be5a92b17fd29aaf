import { KeyOrderedSchedule } from './key-ordered-schedule';

/** Records of a batch in offset order, named by key and offset: `a0`, `b1`, `-2` (no key). */
function batch(keys: ReadonlyArray<string | null>): string[] {
  return keys.map((key, offset) => `${key ?? '-'}${offset}`);
}

function keyOf(record: string): string | null {
  const key = record.replace(/\d+$/, '');
  return key === '-' ? null : key;
}

function schedule(keys: ReadonlyArray<string | null>, limit: number): KeyOrderedSchedule<string> {
  return new KeyOrderedSchedule(batch(keys), keyOf, limit);
}

/** Starts records until the schedule refuses; their positions. */
function startAll(subject: KeyOrderedSchedule<string>): number[] {
  const started: number[] = [];
  for (let next = subject.start(); next !== undefined; next = subject.start()) {
    started.push(next.position);
  }
  return started;
}

describe('KeyOrderedSchedule', () => {
  it('starts records of different keys together, up to the limit, earliest first', () => {
    const subject = schedule(['a', 'b', 'c', 'd', 'e'], 3);

    expect(startAll(subject)).toEqual([0, 1, 2]);
    expect(subject.inFlight).toBe(3);

    subject.finish(1);
    expect(startAll(subject)).toEqual([3]);
  });

  it('hands out the record itself with its position', () => {
    const subject = schedule(['a', 'b'], 2);

    expect(subject.start()).toEqual({ position: 0, record: 'a0' });
    expect(subject.start()).toEqual({ position: 1, record: 'b1' });
  });

  it("starts a key's next record only once its previous one is done, in offset order", () => {
    const subject = schedule(['a', 'a', 'b', 'a'], 4);

    expect(startAll(subject)).toEqual([0, 2]);

    subject.finish(2);
    expect(startAll(subject)).toEqual([]);

    subject.finish(0);
    expect(startAll(subject)).toEqual([1]);

    subject.finish(1);
    expect(startAll(subject)).toEqual([3]);
  });

  it('treats records without a key as one key of their own', () => {
    const subject = schedule([null, 'a', null, 'b'], 4);

    expect(startAll(subject)).toEqual([0, 1, 3]);

    subject.finish(0);
    expect(startAll(subject)).toEqual([2]);
  });

  it('prefers the earliest ready record when a key frees up after later keys became ready', () => {
    const subject = schedule(['a', 'a', 'b', 'c'], 1);

    expect(startAll(subject)).toEqual([0]);
    subject.finish(0);
    // a1 became ready after b2 and c3 were, but comes first in the partition.
    expect(startAll(subject)).toEqual([1]);
  });

  it('with a limit of 1, runs the records in plain offset order', () => {
    const subject = schedule(['a', 'b', 'a', null, 'c', null], 1);
    const order: number[] = [];

    for (let next = subject.start(); next !== undefined; next = subject.start()) {
      expect(subject.start()).toBeUndefined();
      order.push(next.position);
      subject.finish(next.position);
    }

    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(subject.doneCount).toBe(6);
  });

  it('grows the done prefix only over records that are all done, and reports where it ends', () => {
    const subject = schedule(['a', 'b', 'c', 'd'], 4);
    startAll(subject);

    expect(subject.finish(2)).toBeUndefined();
    expect(subject.finish(1)).toBeUndefined();
    expect(subject.doneCount).toBe(0);

    expect(subject.finish(0)).toBe('c2');
    expect(subject.doneCount).toBe(3);

    expect(subject.finish(3)).toBe('d3');
    expect(subject.doneCount).toBe(4);
  });

  it('keeps the done prefix behind a record that is started but never finished', () => {
    const subject = schedule(['a', 'b', 'b', 'c'], 4);
    startAll(subject);

    subject.finish(1);
    startAll(subject);
    subject.finish(2);
    subject.finish(3);

    expect(subject.doneCount).toBe(0);
    expect(subject.inFlight).toBe(1);
  });

  it('never has two records of one key in flight, whatever order they finish in', () => {
    const keys = Array.from({ length: 200 }, (_, i) => (i % 7 === 0 ? null : `k${(i * 31) % 5}`));
    const subject = schedule(keys, 4);
    const finishedOfKey = new Map<string | null, number[]>();
    let seed = 7;
    const random = (): number => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    const running: number[] = [];

    for (;;) {
      for (const position of startAll(subject)) {
        const key = keys[position] ?? null;
        expect(running.map((p) => keys[p] ?? null)).not.toContain(key);
        running.push(position);
      }
      expect(running.length).toBeLessThanOrEqual(4);
      if (running.length === 0) break;
      const [position] = running.splice(Math.floor(random() * running.length), 1);
      subject.finish(position!);
      const key = keys[position!] ?? null;
      finishedOfKey.set(key, [...(finishedOfKey.get(key) ?? []), position!]);
    }

    expect(subject.doneCount).toBe(200);
    for (const positions of finishedOfKey.values()) {
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
    }
  });

  it('refuses to finish a record that was not started, or twice', () => {
    const subject = schedule(['a', 'b'], 1);
    subject.start();

    expect(() => subject.finish(1)).toThrow(/record 1 was not started/);
    subject.finish(0);
    expect(() => subject.finish(0)).toThrow(/record 0 was not started/);
    expect(() => subject.finish(5)).toThrow(/record 5 was not started/);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => schedule(['a'], 0)).toThrow(/limit must be a positive integer, got 0/);
    expect(() => schedule(['a'], 1.5)).toThrow(/limit must be a positive integer/);
  });
});
