import type { DataSourceOptions } from 'typeorm';
import { runMigrations } from '@redress/platform';
import { TriageSchema1763900000000 } from './migrations/1763900000000-triage-schema';
import { DropEventsNotifyTrigger1764100000000 } from './migrations/1764100000000-drop-events-notify-trigger';
import { RetentionIndexes1764300000000 } from './migrations/1764300000000-retention-indexes';
import { OutboxQuarantine1764500000000 } from './migrations/1764500000000-outbox-quarantine';
import { OrderedInbox1764600000000 } from './migrations/1764600000000-ordered-inbox';
import { DurableTimersLib1764700000000 } from './migrations/1764700000000-durable-timers-lib';
import { HotTopicScope1765400000000 } from './migrations/1765400000000-hot-topic-scope';
import { ReceivedAt1765510000000 } from './migrations/1765510000000-received-at';
import { Lz4Compression1765600000000 } from './migrations/1765600000000-lz4-compression';

/** TypeORM options of triage: migrations checked in, never `synchronize`. */
export function triageDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    schema: 'triage',
    migrations: [
      TriageSchema1763900000000,
      DropEventsNotifyTrigger1764100000000,
      RetentionIndexes1764300000000,
      OutboxQuarantine1764500000000,
      OrderedInbox1764600000000,
      DurableTimersLib1764700000000,
      HotTopicScope1765400000000,
      ReceivedAt1765510000000,
      Lz4Compression1765600000000,
    ],
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
  };
}

/** Runs triage's pending migrations once, even when several replicas start together. */
export function migrate(url: string): Promise<string[]> {
  return runMigrations(triageDataSourceOptions(url), 'triage');
}
