import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import type { Clock } from '@redress/business-time';
import { DomainError, type ComplaintRegisteredData } from '@redress/contracts';
import { isDatabaseUnavailable, type Sql } from '@redress/event-store';
import { ProblemException, createValidationPipe } from '@redress/platform';
import { importRow, type ImportProblem } from '../../domain/import/import-row';
import type { DateOrder, DateRules } from '../../domain/import/import-date.policy';
import { RegisterComplaintDto } from '../../http/complaint.dto';
import type { CommandContext } from '../complaint-stream';
import { ComplaintStream } from '../complaint-stream';
import { IntakeSettings } from '../intake-settings';
import { customerRef } from '../personal-data/customer-ref';
import { personalDataOf } from '../personal-data/masked-customer';
import { PersonalDataVault, type PersonalData } from '../personal-data/personal-data.vault';
import { registrationOf } from '../register-complaint/registration';
import { INTAKE_CLOCK } from '../tokens';
import { newTrackingNo } from '../tracking';
import type { ImportRecord } from './import-records';

/** The answer of an import. */
export interface ImportReport {
  /** Rows read (the header and blank lines not counted). */
  rows: number;
  imported: number;
  /** Rows whose source id an earlier import (or an earlier row of this file) brought in. */
  alreadyImported: number;
  rejected: number;
  /** Dates whose day and month the import's `dateOrder` decided, in every row whose dates were read. */
  ambiguousDates: number;
  /** The first MAX_LISTED_REJECTIONS rejected rows, by line. */
  rejectedRows: RejectedRow[];
  /** Rejected rows beyond those listed. */
  rejectedRowsNotListed: number;
}

export interface RejectedRow {
  line: number;
  sourceId?: string;
  errors: ImportProblem[];
}

export const MAX_LISTED_REJECTIONS = 1_000;

/** Batches of rows written side by side while the next rows are read. */
const BATCHES_IN_FLIGHT = 4;

/** Random tracking numbers of one day may meet in a million rows: the batch draws them again. */
const MAX_TRACKING_NO_DRAWS = 5;

/**
 * A batch meeting the database out of reach is tried again this often, waiting 1, 2, 4 … s: an
 * import of an hour should not end at a moment's restart or a full connection pool. Safe, since
 * a batch claims its source ids: one that did commit before the connection broke finds its rows
 * already imported.
 */
const MAX_OUTAGE_RETRIES = 5;

interface PreparedRow {
  sourceId: string;
  registration: ComplaintRegisteredData;
  personalData: PersonalData;
}

/**
 * Brings a company's history in (issue 14): every good row becomes a registration by the rules of
 * `POST /complaints` — the registration's DTO checks it, free text is masked, the contacts go to
 * the vault, the customer gets their `customerRef` — received when the row says, registered now,
 * marked imported. Rows are written in batches, each in one transaction that first claims its
 * source ids (`imported_complaints`), so a batch committed is never written again: a second
 * import of the same file, or the rest of one interrupted, finds its rows already imported.
 *
 * An imported complaint gets no access code (no customer is waiting to follow it), no
 * acknowledgement (ImportComplaint in the decider) and is never linked as a duplicate.
 */
@Injectable()
export class ImportComplaints {
  private readonly validation = createValidationPipe();

  constructor(
    private readonly stream: ComplaintStream,
    private readonly vault: PersonalDataVault,
    private readonly settings: IntakeSettings,
    @Inject(INTAKE_CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Reads `records` to the end, or until the source fails: then the batches already written
   * stay written, and the failure is thrown with the report so far (`ImportInterrupted`).
   */
  async execute(
    records: AsyncIterable<ImportRecord>,
    options: { dateOrder: DateOrder },
    context: CommandContext,
  ): Promise<ImportReport> {
    const report: ImportReport = {
      rows: 0,
      imported: 0,
      alreadyImported: 0,
      rejected: 0,
      ambiguousDates: 0,
      rejectedRows: [],
      rejectedRowsNotListed: 0,
    };
    const reject = (line: number, errors: ImportProblem[], sourceId?: string) => {
      report.rejected += 1;
      if (report.rejectedRows.length >= MAX_LISTED_REJECTIONS) report.rejectedRowsNotListed += 1;
      else
        report.rejectedRows.push({ line, ...(sourceId !== undefined ? { sourceId } : {}), errors });
    };
    const inFlight: Promise<void>[] = [];
    const flush = (batch: PreparedRow[]) => {
      const written = this.write(batch, context).then((counts) => {
        report.imported += counts.imported;
        report.alreadyImported += counts.alreadyImported;
      });
      // Seen at once if it fails, awaited in order below.
      written.catch(() => undefined);
      inFlight.push(written);
    };
    let batch: PreparedRow[] = [];
    try {
      for await (const record of records) {
        report.rows += 1;
        if ('problems' in record) {
          reject(record.line, record.problems);
          continue;
        }
        const rules: DateRules = {
          order: options.dateOrder,
          timeZone: this.settings.imports.timeZone,
          now: this.clock.now(),
        };
        const row = importRow(record.values, rules);
        if (!row.ok) {
          const sourceId = record.values.get('sourceId');
          const given = typeof sourceId === 'string' ? sourceId.trim() : '';
          reject(record.line, row.problems, given === '' ? undefined : given);
          continue;
        }
        report.ambiguousDates += row.row.ambiguousDates;
        const prepared = await this.prepare(row.row, rules.now, context);
        if ('errors' in prepared) {
          reject(record.line, prepared.errors, row.row.sourceId);
          continue;
        }
        batch.push(prepared);
        if (batch.length >= this.settings.imports.batchSize) {
          flush(batch);
          batch = [];
          // Memory stays flat: reading waits while BATCHES_IN_FLIGHT batches are being written.
          while (inFlight.length >= BATCHES_IN_FLIGHT) await inFlight.shift();
        }
      }
      if (batch.length > 0) flush(batch);
      while (inFlight.length > 0) await inFlight.shift();
    } catch (error) {
      await Promise.allSettled(inFlight);
      throw new ImportInterrupted(error, report);
    }
    return report;
  }

  /** The row through the registration's DTO, then its event, masked; or the DTO's problems. */
  private async prepare(
    row: { sourceId: string; receivedAt: string; registration: Record<string, unknown> },
    now: Date,
    context: CommandContext,
  ): Promise<PreparedRow | { errors: ImportProblem[] }> {
    let dto: RegisterComplaintDto;
    try {
      dto = (await this.validation.transform(row.registration, {
        type: 'body',
        metatype: RegisterComplaintDto,
      })) as RegisterComplaintDto;
    } catch (error) {
      if (error instanceof ProblemException) {
        return {
          errors: (error.problem.errors ?? []).map((e) => ({ field: e.field, reason: e.message })),
        };
      }
      throw error;
    }
    try {
      const registration = registrationOf(dto, {
        complaintId: randomUUID(),
        trackingNo: newTrackingNo(now),
        customerRef: customerRef(this.settings.customerRefKey, dto.customer),
        registeredAt: now,
        receivedAt: new Date(row.receivedAt),
        imported: true,
        receivingDepartment: context.actor.department,
      });
      return { sourceId: row.sourceId, registration, personalData: personalDataOf(dto.customer) };
    } catch (error) {
      if (error instanceof DomainError && error.fieldErrors.length > 0) {
        return { errors: error.fieldErrors.map((e) => ({ field: e.field, reason: e.message })) };
      }
      throw error;
    }
  }

  /** One batch in one transaction: its source ids claimed, then each claimed row registered. */
  private async write(
    batch: PreparedRow[],
    context: CommandContext,
  ): Promise<{ imported: number; alreadyImported: number }> {
    for (let draw = 1, outages = 0; ;) {
      try {
        return await this.stream.withRetry((tx) => this.writeIn(tx, batch, context));
      } catch (error) {
        if (isDatabaseUnavailable(error) && outages < MAX_OUTAGE_RETRIES) {
          await setTimeout(1000 * 2 ** outages);
          outages += 1;
          continue;
        }
        if (!isTrackingNoTaken(error) || draw >= MAX_TRACKING_NO_DRAWS) {
          throw error;
        }
        draw += 1;
        for (const row of batch) {
          row.registration = {
            ...row.registration,
            trackingNo: newTrackingNo(new Date(row.registration.registeredAt)),
          };
        }
      }
    }
  }

  private async writeIn(
    tx: Sql,
    batch: PreparedRow[],
    context: CommandContext,
  ): Promise<{ imported: number; alreadyImported: number }> {
    // Claimed in source-id order and customers' keys made in customerRef order (storeMany), so two
    // batches written side by side take their locks in one order and never wait in a circle.
    const bySource = [...batch].sort((a, b) => compare(a.sourceId, b.sourceId));
    const { rows } = await tx.query<{ complaint_id: string }>(
      `INSERT INTO intake.imported_complaints (source_id, complaint_id)
       SELECT source_id, complaint_id
         FROM unnest($1::text[], $2::uuid[]) WITH ORDINALITY AS r(source_id, complaint_id, n)
        ORDER BY source_id, n
       ON CONFLICT (source_id) DO NOTHING
       RETURNING complaint_id`,
      [bySource.map((r) => r.sourceId), bySource.map((r) => r.registration.complaintId)],
    );
    const claimed = new Set(rows.map((r) => r.complaint_id));
    const toWrite = batch.filter((r) => claimed.has(r.registration.complaintId));
    await this.stream.executeNew(
      tx,
      toWrite.map(({ registration }) => ({
        complaintId: registration.complaintId,
        command: { type: 'ImportComplaint', registration },
      })),
      context,
    );
    await this.vault.storeMany(
      tx,
      toWrite.map(({ registration, personalData }) => ({
        complaintId: registration.complaintId,
        ref: registration.customer.customerRef,
        data: personalData,
      })),
    );
    return { imported: toWrite.length, alreadyImported: batch.length - toWrite.length };
  }
}

/** The source failed (a broken gzip, the size cap) after some rows were written. */
export class ImportInterrupted extends Error {
  constructor(
    override readonly cause: unknown,
    readonly report: ImportReport,
  ) {
    super('the import was interrupted', { cause });
    this.name = 'ImportInterrupted';
  }
}

function isTrackingNoTaken(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return code === '23505' && constraint === 'complaints_tracking_no_key';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
