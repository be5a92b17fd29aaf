// Waiting with a deadline, shared by the benchmark parts: a state is polled for, never slept on.
import { setTimeout as sleep } from 'node:timers/promises';

/** Resolves once `predicate()` (sync or async) is truthy; throws after `timeoutMs`. */
export async function waitUntil(predicate, timeoutMs, what, { pollMs = 50 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await sleep(pollMs);
  }
  throw new Error(`timed out waiting for ${what}`);
}
