import type { Sql } from '@redress/event-store';
import type { FiringTimer } from './timer';
import { TimerWorker, type TimerWorkerOptions } from './timer-worker';

/**
 * A service's timer worker with the lifecycle Nest calls (`onApplicationBootstrap` starts it,
 * `beforeApplicationShutdown` lets the firings in flight finish before the pool closes) and
 * `fireDue` for tests and operations. A service's timers class extends it and fires the timers of
 * its `kinds` in `fire`, in the transaction that removes them.
 */
export abstract class TimerService {
  protected readonly worker: TimerWorker;

  constructor(options: Omit<TimerWorkerOptions, 'handlers'>, kinds: readonly string[]) {
    const handle = (tx: Sql, timer: FiringTimer) => this.fire(tx, timer);
    this.worker = new TimerWorker({
      ...options,
      handlers: Object.fromEntries(kinds.map((kind) => [kind, handle])),
    });
  }

  /** Fires one due timer of one of the service's kinds, through `tx`. */
  protected abstract fire(tx: Sql, timer: FiringTimer): Promise<void>;

  onApplicationBootstrap(): void {
    this.worker.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.worker.stop();
  }

  /** Fires every timer due now; resolves with how many fired. */
  fireDue(): Promise<number> {
    return this.worker.fireDue();
  }
}
