import { randomBytes } from 'node:crypto';

/**
 * A name no other test run uses, for topics, consumer groups, schemas and ids:
 * `<prefix>_<12 hex>`. The prefix is lower-cased and limited to letters, digits, `_`, `.` and
 * `-`, and shortened so the name fits a Postgres identifier (63 bytes).
 */
export function uniqueName(prefix: string): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '_')
    .slice(0, 40);
  return `${clean || 'test'}_${randomBytes(6).toString('hex')}`;
}
