import type { DuplicatePolicy } from '../domain/duplicate.policy';
import type { MasterKeys } from './personal-data/master-keys';

/**
 * What the intake use cases need from configuration, already decoded: keys as bytes, policies as
 * values. Built once at start from the validated environment (see intake.config.ts).
 */
export class IntakeSettings {
  constructor(
    readonly customerRefKey: Buffer,
    readonly masterKeys: MasterKeys,
    readonly duplicatePolicy: DuplicatePolicy,
    readonly accessCodeKey: Buffer,
    readonly statusLimits: StatusLimits,
  ) {}
}

/** Rate limits of the public status page: requests per window, per client and per number. */
export interface StatusLimits {
  perClient: number;
  perTrackingNo: number;
  windowSeconds: number;
}
