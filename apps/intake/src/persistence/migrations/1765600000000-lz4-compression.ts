import { columnCompressionMigration } from '@redress/platform';

/**
 * Issue 10, a registration at its limits answered in time: its event and the read table's view
 * are about 130 kB of JSON each, and PostgreSQL's default compression (pglz) took longer to store
 * them than lz4 does. New values only; stored ones are read as before.
 */
export const Lz4Compression1765600000000 = columnCompressionMigration(
  'Lz4Compression1765600000000',
  ['intake.events.data', 'intake.complaints.view'],
);
