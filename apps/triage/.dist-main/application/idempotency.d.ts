import { type Sql } from '@redress/event-store';
/**
 * Runs a write of triage's API (both answer 200) under the caller's optional Idempotency-Key,
 * inside `tx`: a retry with the same key and body gets the first answer without running again,
 * the same key with another body is refused (422). `scope` keeps callers and targets apart.
 */
export declare function answerOnce<T>(tx: Sql, scope: string, key: string | undefined, request: unknown, work: () => Promise<T>): Promise<T>;
