import { retryDelay } from './backoff';

const options = { initialMs: 200, maxMs: 5_000 };

describe('retryDelay', () => {
  it('doubles with each failure until the cap', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7].map((failures) =>
      retryDelay(failures, options, () => 1),
    );
    expect(ceilings).toEqual([200, 400, 800, 1_600, 3_200, 5_000, 5_000]);
  });

  it('jitters within the upper half of the current ceiling', () => {
    expect(retryDelay(3, options, () => 0)).toBe(400);
    expect(retryDelay(3, options, () => 0.5)).toBe(600);
    expect(retryDelay(40, options, () => 0)).toBe(2_500);
  });

  it('stays finite for absurd failure counts', () => {
    expect(retryDelay(10_000, options, () => 1)).toBe(5_000);
  });
});
