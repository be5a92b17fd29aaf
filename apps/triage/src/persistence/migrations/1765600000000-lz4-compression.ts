import { columnCompressionMigration } from '@redress/platform';

/**
 * Issue 10, a policy at the keyword limit answered in time: its event and its `policies` row are
 * about 120 kB of JSON each, and PostgreSQL's default compression (pglz) took longer to store
 * them than lz4 does. New values only; stored ones are read as before.
 */
export const Lz4Compression1765600000000 = columnCompressionMigration(
  'Lz4Compression1765600000000',
  ['triage.events.data', 'triage.policies.policy'],
);
