import { lagOf, partitionKey, partitionsBehind, replayProgress } from './partition-lag';

describe('lag and caught-up', () => {
  it('lag is the high watermark minus the next offset, never negative', () => {
    expect(lagOf(10n, 4n)).toBe(6);
    expect(lagOf(10n, 10n)).toBe(0);
    expect(lagOf(3n, 5n)).toBe(0);
  });

  it('a partition is behind until its next offset reaches the target; an empty one never is', () => {
    const targets = new Map([
      [partitionKey('a', 0), 5n],
      [partitionKey('a', 1), 0n],
      [partitionKey('a', 2), 3n],
      [partitionKey('a', 3), 2n],
    ]);
    const nexts = new Map([
      [partitionKey('a', 0), 4n],
      [partitionKey('a', 2), 3n],
    ]);
    expect(partitionsBehind(targets, nexts)).toEqual(['a/0', 'a/3']);
    nexts.set('a/0', 5n);
    nexts.set('a/3', 9n);
    expect(partitionsBehind(targets, nexts)).toEqual([]);
  });
});

describe('replayProgress', () => {
  it('counts what lies between each start and its next offset, capped at the end', () => {
    expect(
      replayProgress([
        { start: 0n, end: 100n, next: 40n },
        { start: 10n, end: 20n, next: 25n },
        { start: 5n, end: 5n, next: 5n },
      ]),
    ).toEqual({ read: 50, total: 110, fraction: 50 / 110 });
  });

  it('is complete for nothing to read', () => {
    expect(replayProgress([{ start: 3n, end: 3n, next: 3n }])).toEqual({
      read: 0,
      total: 0,
      fraction: 1,
    });
  });
});
