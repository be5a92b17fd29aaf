/**
 * Exact comparison of the decimal amounts of `MoneySchema` (`"1500.00"`): no floating point near
 * money. Amounts are compared as integers of ten-thousandths, the finest the contract allows.
 */
const SCALE = 4;

function units(amount: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(amount);
  if (!match) throw new RangeError(`not a decimal amount: ${JSON.stringify(amount)}`);
  const [, whole = '0', fraction = ''] = match;
  return BigInt(whole) * 10n ** BigInt(SCALE) + BigInt(fraction.padEnd(SCALE, '0'));
}

/** -1, 0 or 1 as `a` is below, equal to or above `b` (`"10.5"` equals `"10.50"`). */
export function compareAmounts(a: string, b: string): -1 | 0 | 1 {
  const difference = units(a) - units(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
