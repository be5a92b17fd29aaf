export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/**
 * Delay before the next try after `failures` failed attempts (1, 2, …): doubles from
 * `initialMs`, capped at `maxMs`, with "equal jitter" (a random point in the upper half) so
 * that consumers failing together on a shared dependency do not retry in lock-step, while
 * the delay still grows with each failure.
 */
export function retryDelay(
  failures: number,
  { initialMs, maxMs }: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, failures - 1);
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(exponent, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
