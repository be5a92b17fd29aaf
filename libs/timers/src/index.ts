export { timersSchemaSql, dropTimersSchemaSql, timersTable } from './schema';
export { Timers, type ExistingTimer, type ScheduleOptions } from './timers';
export {
  TimerWorker,
  type TimerFiring,
  type TimerHandler,
  type TimerLogger,
  type TimerWorkerOptions,
  type TimerWorkerStatus,
} from './timer-worker';
export { TimerService } from './timer-service';
export type { FiringTimer, TimerRecord, TimerSpec, TimerStatus } from './timer';
export {
  afterFailure,
  backoffMs,
  firingLagMs,
  pollDelayMs,
  type FailureOutcome,
  type PollPlan,
  type RetryPolicy,
} from './timing';
