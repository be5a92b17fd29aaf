import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Actor } from '@redress/contracts';
import type { EventStore } from '@redress/event-store';
import { IntakeSettings } from '../intake-settings';
import { PersonalDataVault, type DataKeyCounts } from '../personal-data/personal-data.vault';
import { INTAKE_EVENT_STORE } from '../tokens';

export interface DataKeyStatus {
  /** The master key that wraps new data keys (INTAKE_DATA_KEY_ID). */
  currentKeyId: string;
  /** Every master key the configuration holds, the current one included. */
  configuredKeyIds: string[];
  /** Data keys by the id of the master key that wraps them. */
  dataKeys: DataKeyCounts;
  /** Ids that wrap data keys but are not configured: those customers' data cannot be read. */
  missingKeyIds: string[];
}

export interface RewrapReport extends DataKeyStatus {
  /** Data keys wrapped again with the current master key by this request. */
  rewrapped: number;
}

/** Keys per transaction: short transactions, and row locks held only for a moment. */
const BATCH = 500;

/**
 * Master key rotation (docs/operations.md "Rotating intake's master key"): with the new key current
 * and the old ones kept for reading, every data key still wrapped by an old key is unwrapped and
 * wrapped again with the current one. The data keys themselves, and so the sealed contacts, do
 * not change. Safe to run on several replicas at once and to repeat: rows being re-wrapped
 * elsewhere are skipped and found by the next run.
 */
@Injectable()
export class RotateDataKeys {
  private readonly audit = new Logger('PersonalDataAccess');

  constructor(
    private readonly vault: PersonalDataVault,
    private readonly settings: IntakeSettings,
    @Inject(INTAKE_EVENT_STORE) private readonly store: EventStore,
  ) {}

  async status(): Promise<DataKeyStatus> {
    const dataKeys = await this.store.transaction((tx) => this.vault.dataKeyCounts(tx));
    const keys = this.settings.masterKeys;
    return {
      currentKeyId: keys.currentId,
      configuredKeyIds: keys.ids,
      dataKeys,
      missingKeyIds: Object.keys(dataKeys).filter((id) => !keys.has(id)),
    };
  }

  /** Re-wraps up to `limit` data keys; call again until no old master key wraps any. */
  async rewrap(limit: number, actor: Actor): Promise<RewrapReport> {
    const keys = this.settings.masterKeys;
    const before = await this.status();
    const old = Object.keys(before.dataKeys).filter((id) => id !== keys.currentId && keys.has(id));
    let rewrapped = 0;
    for (const fromId of old) {
      let after = '';
      while (rewrapped < limit) {
        const batch = Math.min(BATCH, limit - rewrapped);
        const done = await this.store.transaction((tx) =>
          this.vault.rewrap(tx, fromId, batch, after),
        );
        rewrapped += done.length;
        const last = done[done.length - 1];
        if (last === undefined || done.length < batch) break;
        after = last;
      }
    }
    const status = await this.status();
    if (rewrapped > 0) {
      this.audit.log({
        msg: 'data keys re-wrapped',
        rewrapped,
        to: keys.currentId,
        from: old,
        by: actor.id,
      });
    }
    return { ...status, rewrapped };
  }
}
