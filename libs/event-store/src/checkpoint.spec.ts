import { backoffDelay, compareCheckpoints } from './checkpoint';

describe('compareCheckpoints', () => {
  it('orders by transaction id first, then by position', () => {
    expect(
      compareCheckpoints(
        { transactionId: '9', position: 50 },
        { transactionId: '10', position: 1 },
      ),
    ).toBe(-1);
    expect(
      compareCheckpoints(
        { transactionId: '10', position: 2 },
        { transactionId: '10', position: 1 },
      ),
    ).toBe(1);
    expect(
      compareCheckpoints(
        { transactionId: '10', position: 2 },
        { transactionId: '10', position: 2 },
      ),
    ).toBe(0);
  });

  it('compares transaction ids beyond 2^53 exactly', () => {
    const big = { transactionId: '9007199254740993', position: 1 };
    const bigger = { transactionId: '9007199254740994', position: 1 };
    expect(compareCheckpoints(big, bigger)).toBe(-1);
  });
});

describe('backoffDelay', () => {
  it('doubles from the initial delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 100, 1000))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('stays at the cap after very many failures', () => {
    expect(backoffDelay(10_000, 100, 30_000)).toBe(30_000);
  });
});
