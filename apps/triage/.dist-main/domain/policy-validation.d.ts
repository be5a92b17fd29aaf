/** One problem of a policy document, at a dot path (`taxonomy.types.product.keywords.3`). */
export interface PolicyProblem {
    path: string;
    message: string;
}
/**
 * Every problem of an untrusted policy document, each at its path, so that `PUT /triage/policy`
 * can answer 400 naming the bad part. Empty when the document is a valid `TriagePolicy`.
 * Unknown fields are problems too (CONTRACT "Errors": rejected, not ignored).
 */
export declare function validatePolicy(input: unknown): PolicyProblem[];
