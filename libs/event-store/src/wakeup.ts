/**
 * A sleep of a background loop (outbox relay, timer worker) that a hint (`fire()`) or an urgent
 * wake-up (`fire(true)`: stop, a lost connection) cuts short; a wake-up before the sleep is kept.
 * A sleep that ignores signals (a back-off, a gathering pause) is still cut short by an urgent
 * wake-up, and an ordinary signal during it is remembered for the next sleep.
 */
export class Wakeup {
  private pending = false;
  private waiter: ((urgent: boolean) => void) | undefined;

  fire(urgent = false): void {
    const waiter = this.waiter;
    if (waiter) waiter(urgent);
    else this.pending = true;
  }

  clear(): void {
    this.pending = false;
  }

  sleep(ms: number, options: { ignoreSignals?: boolean } = {}): Promise<void> {
    if (this.pending && !options.ignoreSignals) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiter = (urgent) => {
        if (urgent || !options.ignoreSignals) done();
        // An ordinary signal during a gathering pause is remembered for the read that follows.
        else this.pending = true;
      };
    });
  }
}
