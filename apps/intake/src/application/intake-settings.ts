import { DEFAULT_GROUP_COMMIT, type GroupCommitOptions } from '@redress/event-store';
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
    readonly imports: ImportSettings = DEFAULT_IMPORT_SETTINGS,
    /** Registrations that arrive together share a transaction (event-store GroupCommit). */
    readonly groupCommit: GroupCommitOptions = DEFAULT_GROUP_COMMIT,
  ) {}
}

/** Historical imports (issue 14). */
export interface ImportSettings {
  /** The largest body an import reads, compressed and decompressed alike. */
  maxBytes: number;
  /** Where a date of the file without a zone was written (an IANA zone). */
  timeZone: string;
  /** Rows written per transaction. */
  batchSize: number;
}

export const DEFAULT_IMPORT_SETTINGS: ImportSettings = {
  maxBytes: 2 * 1024 ** 3,
  timeZone: 'Asia/Shanghai',
  batchSize: 500,
};

/** Rate limits of the public status page: requests per window, per client and per number. */
export interface StatusLimits {
  perClient: number;
  perTrackingNo: number;
  windowSeconds: number;
}
