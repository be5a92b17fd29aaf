import type { expect as Expect, it as It } from '@jest/globals';
import type { FuzzReport } from './fuzz-api';

export interface FuzzExpectations {
  /** Operations the document must list (so none silently drops out of it). */
  operations: readonly string[];
  /** The requests asked for: at least 90 % must have been answered and counted. */
  runs: number;
  /** Operations whose generated requests must get past validation at least once (a 2xx). */
  succeeding: readonly string[];
}

/**
 * The tests a service's fuzz suite makes of its report (`test/fuzz.e2e-spec.ts`), inside its
 * `describe`: every operation fuzzed, no 5xx and no answer that breaks the contract, and some
 * requests reaching the code behind validation, so a run that never gets past a 400 fails.
 */
export function itFuzzesCleanly(report: () => FuzzReport, expected: FuzzExpectations): void {
  // Jest's globals, looked up when a suite calls this: the lib is also loaded outside Jest (the
  // benchmark runs the fuzzer), where importing @jest/globals would throw.
  const { it, expect } = globalThis as unknown as { it: typeof It; expect: typeof Expect };
  it('fuzzes every operation of its OpenAPI document', () => {
    expect(report().operations.map((o) => o.operation)).toEqual(
      expect.arrayContaining([...expected.operations]),
    );
    expect(report().requests).toBeGreaterThanOrEqual(expected.runs * 0.9);
  });

  it('never answers 5xx, and every 4xx is problem+json naming the field', () => {
    expect(report().failures).toEqual([]);
    expect(report().byClass['5xx']).toBe(0);
    expect(report().byClass.none).toBe(0);
  });

  it(`gets past validation: ${expected.succeeding.join(', ')} answer 2xx`, () => {
    const neverSucceeded = expected.succeeding.filter(
      (key) => !((report().operations.find((o) => o.operation === key)?.byClass['2xx'] ?? 0) > 0),
    );
    expect(neverSucceeded).toEqual([]);
  });
}
