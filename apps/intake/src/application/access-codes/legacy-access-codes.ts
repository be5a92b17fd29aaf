import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { queryPrepared, type EventStore, type Sql } from '@redress/event-store';
import { INTAKE_EVENT_STORE } from '../tokens';
import { AccessCodes, LEGACY_DIGEST } from './access-codes';

const BATCH = 500;

/**
 * Versions before the keyed MAC stored the plain SHA-256 of each access code
 * (`intake.complaints.access_code_hash`). At start, before the service answers, every such
 * digest becomes a MAC and is cleared (`AccessCodes.macOfLegacyDigest`), so no unkeyed digest
 * stays in the database and every code given keeps working. Replicas starting together share
 * the rows (`SKIP LOCKED`). A row written meanwhile by a replica of the previous version
 * (a rolling upgrade) is converted when its status is first asked for (`upgrade`).
 */
@Injectable()
export class LegacyAccessCodes implements OnApplicationBootstrap {
  private readonly logger = new Logger('LegacyAccessCodes');

  constructor(
    @Inject(INTAKE_EVENT_STORE) private readonly store: EventStore,
    private readonly codes: AccessCodes,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const upgraded = await this.upgradeAll();
    if (upgraded > 0) this.logger.log(`${upgraded} access code digests turned into keyed MACs`);
  }

  /** Converts every legacy digest; returns how many. */
  async upgradeAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.store.transaction(async (tx) => {
        const { rows } = await queryPrepared<{ complaint_id: string; digest: string }>(
          tx,
          `SELECT complaint_id, access_code_hash AS digest FROM intake.complaints
            WHERE access_code_mac IS NULL AND access_code_hash IS NOT NULL
            LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          [],
        );
        for (const row of rows) await this.save(tx, row.complaint_id, row.digest);
        return rows.length;
      });
      total += done;
      if (done < BATCH) return total;
    }
  }

  /** The MAC of one row still holding a digest (null when it holds no usable digest). */
  async upgrade(complaintId: string): Promise<string | null> {
    return this.store.transaction(async (tx) => {
      const { rows } = await queryPrepared<{ mac: string | null; digest: string | null }>(
        tx,
        `SELECT access_code_mac AS mac, access_code_hash AS digest FROM intake.complaints
          WHERE complaint_id = $1 FOR UPDATE`,
        [complaintId],
      );
      const row = rows[0];
      if (row === undefined) return null;
      if (row.mac !== null || row.digest === null) return row.mac;
      return this.save(tx, complaintId, row.digest);
    });
  }

  private async save(tx: Sql, complaintId: string, digest: string): Promise<string | null> {
    const mac = LEGACY_DIGEST.test(digest) ? this.codes.macOfLegacyDigest(digest) : null;
    await queryPrepared(
      tx,
      `UPDATE intake.complaints SET access_code_mac = $2, access_code_hash = NULL
        WHERE complaint_id = $1`,
      [complaintId, mac],
    );
    return mac;
  }
}
