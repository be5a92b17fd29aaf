import type { DuplicatePolicy } from '../domain/duplicate.policy';

/**
 * What the intake use cases need from configuration, already decoded: keys as bytes, policies as
 * values. Built once at start from the validated environment (see intake.config.ts).
 */
export class IntakeSettings {
  constructor(
    readonly customerRefKey: Buffer,
    readonly dataKey: Buffer,
    readonly duplicatePolicy: DuplicatePolicy,
  ) {}
}
