import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { BusinessCalendar, type Clock, type WorkClock } from '@redress/business-time';
import { DomainError } from '@redress/contracts';
import {
  evolveProgress,
  publicProgress,
  type ComplaintProgress,
  type PublicStage,
} from '../../domain/public-stage.policy';
import {
  statusLanguage,
  statusMessage,
  type StatusLanguage,
} from '../../domain/status-message.policy';
import { ComplaintProgressRecord } from '../../persistence/complaint-progress.entity';
import { ComplaintRecord } from '../../persistence/complaint.entity';
import { AccessCodes } from '../access-codes/access-codes';
import { LegacyAccessCodes } from '../access-codes/legacy-access-codes';
import { INTAKE_CALENDAR, INTAKE_CLOCK } from '../tokens';
import { upperCaseTrackingNo } from '../tracking';

export class UnknownTrackingNumber extends DomainError {
  readonly kind = 'not_found';
  constructor() {
    super('no complaint matches this tracking number and code');
  }
}

export interface PublicStatus {
  trackingNo: string;
  /** Intake's own status (registered, withdrawn), kept for the clients that read it. */
  status: string;
  registeredAt: string;
  acknowledgeBy: string;
  lastUpdatedAt: string;
  stage: PublicStage;
  stageChangedAt: string;
  promisedBy?: string;
  language: StatusLanguage;
  message: string;
}

/**
 * The customer's own view, without a token: tracking number plus the code given at
 * registration, checked against its keyed MAC. A wrong code and an unknown number answer alike,
 * and take as long, so neither can be probed; the HTTP layer limits how often anyone may try.
 * Beside intake's own status it shows how far the complaint has come (issue 11 item 7): the
 * stage, the next date promised and a sentence saying both, in the customer's language — and
 * nothing internal: no staff, department, remedy or amount.
 */
@Injectable()
export class GetPublicStatus {
  constructor(
    @InjectRepository(ComplaintRecord) private readonly complaints: Repository<ComplaintRecord>,
    @InjectRepository(ComplaintProgressRecord)
    private readonly progress: Repository<ComplaintProgressRecord>,
    private readonly codes: AccessCodes,
    private readonly legacy: LegacyAccessCodes,
    @Inject(INTAKE_CLOCK) private readonly clock: Clock,
    @Inject(INTAKE_CALENDAR) private readonly calendar: WorkClock,
  ) {}

  async execute(trackingNo: string, code: string, acceptLanguage?: string): Promise<PublicStatus> {
    const row = await this.complaints.findOne({
      where: { trackingNo: upperCaseTrackingNo(trackingNo) },
    });
    const mac =
      row && row.accessCodeMac === null && row.legacyAccessCodeDigest !== null
        ? await this.legacy.upgrade(row.complaintId)
        : row?.accessCodeMac;
    if (!this.codes.matches(code, mac) || !row) throw new UnknownTrackingNumber();
    const stored = await this.progress.findOne({ where: { complaintId: row.complaintId } });
    const now = this.clock.now();
    const { stage, since, promise } = publicProgress(withOwnStatus(stored?.progress, row), now);
    const stageChangedAt = since ?? row.registeredAt.toISOString();
    const language = statusLanguage(acceptLanguage, languageOf(row));
    return {
      trackingNo: row.trackingNo,
      status: row.status,
      registeredAt: row.registeredAt.toISOString(),
      acknowledgeBy: row.acknowledgeBy.toISOString(),
      lastUpdatedAt: latest(row.updatedAt.toISOString(), stageChangedAt),
      stage,
      stageChangedAt,
      ...('by' in promise ? { promisedBy: promise.by } : {}),
      language,
      message: statusMessage(stage, promise, language, timeZoneOf(this.calendar)),
    };
  }
}

/**
 * Intake's own withdrawal is recorded with the progress in the same transaction; a complaint
 * withdrawn by a replica of the previous version (during a rolling upgrade) is not there yet,
 * so the complaint's own status is folded in too.
 */
function withOwnStatus(progress: ComplaintProgress | undefined, row: ComplaintRecord) {
  const known = progress ?? {};
  if (row.status !== 'withdrawn' || known.withdrawnAt !== undefined) return known;
  const withdrawnAt =
    typeof row.view['withdrawnAt'] === 'string'
      ? row.view['withdrawnAt']
      : row.updatedAt.toISOString();
  return evolveProgress(known, {
    id: row.complaintId,
    source: '/redress/intake',
    streamversion: row.streamVersion,
    type: 'ComplaintWithdrawn',
    data: { withdrawnAt },
  });
}

function languageOf(row: ComplaintRecord): string | undefined {
  const language = row.view['language'];
  return typeof language === 'string' ? language : undefined;
}

/** Dates promised are written in the business calendar's zone; around the clock, in UTC. */
function timeZoneOf(calendar: WorkClock): string {
  return calendar instanceof BusinessCalendar ? calendar.timeZone : 'UTC';
}

function latest(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}
