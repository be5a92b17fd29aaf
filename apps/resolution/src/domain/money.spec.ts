import { compareAmounts } from './money';

describe('money amounts', () => {
  it.each([
    ['1000', '1000.00', 0],
    ['10.5', '10.50', 0],
    ['1000.01', '1000', 1],
    ['999.9999', '1000', -1],
    ['0', '0.0001', -1],
    ['123456789012.9999', '123456789012.9998', 1],
  ] as const)('compares %s with %s exactly', (a, b, expected) => {
    expect(compareAmounts(a, b)).toBe(expected);
  });

  it('refuses what is not a decimal amount', () => {
    expect(() => compareAmounts('1e3', '1')).toThrow(RangeError);
    expect(() => compareAmounts('-5', '1')).toThrow(RangeError);
  });
});
