import { DomainError } from '@redress/contracts';
import type { PolicyProblem } from './policy-validation';
/** A policy document that `validatePolicy` rejects: 400 naming every bad part. */
export declare class InvalidTriagePolicy extends DomainError {
    readonly problems: readonly PolicyProblem[];
    readonly kind = "validation";
    constructor(problems: readonly PolicyProblem[]);
}
/** CONTRACT: a supervisor's reclassification needs a reason. */
export declare class ReasonRequired extends DomainError {
    readonly kind = "validation";
    constructor();
}
/** A reclassification that would leave every field as it is. */
export declare class NothingToReclassify extends DomainError {
    readonly kind = "unprocessable";
    constructor();
}
