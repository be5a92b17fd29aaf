export interface WaitForOptions {
  /** What is awaited, in words: the timeout error says it. */
  description: string;
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Polls `probe` until it returns a truthy value and resolves with that value; rejects with the
 * description (and the probe's last error, if it threw) once `timeoutMs` has passed. Tests wait
 * for a state with this, never with a fixed sleep.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  { description, timeoutMs = 10_000, intervalMs = 50 }: WaitForOptions,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (error) {
      // A probe may fail until the state exists (a 404, a missing row): keep polling, but
      // report the failure if the deadline passes.
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason =
        lastError === undefined
          ? ''
          : `; the last attempt failed: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${reason}`, {
        cause: lastError,
      });
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))),
    );
  }
}
