import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { DomainError } from '@redress/contracts';
import { ComplaintRecord } from '../../persistence/complaint.entity';
import { AccessCodes } from '../access-codes/access-codes';
import { LegacyAccessCodes } from '../access-codes/legacy-access-codes';
import { upperCaseTrackingNo } from '../tracking';

export class UnknownTrackingNumber extends DomainError {
  readonly kind = 'not_found';
  constructor() {
    super('no complaint matches this tracking number and code');
  }
}

export interface PublicStatus {
  trackingNo: string;
  status: string;
  registeredAt: string;
  acknowledgeBy: string;
  lastUpdatedAt: string;
}

/**
 * The customer's own view, without a token: tracking number plus the code given at
 * registration, checked against its keyed MAC. A wrong code and an unknown number answer alike,
 * and take as long, so neither can be probed; the HTTP layer limits how often anyone may try.
 */
@Injectable()
export class GetPublicStatus {
  constructor(
    @InjectRepository(ComplaintRecord) private readonly complaints: Repository<ComplaintRecord>,
    private readonly codes: AccessCodes,
    private readonly legacy: LegacyAccessCodes,
  ) {}

  async execute(trackingNo: string, code: string): Promise<PublicStatus> {
    const row = await this.complaints.findOne({
      where: { trackingNo: upperCaseTrackingNo(trackingNo) },
    });
    const mac =
      row && row.accessCodeMac === null && row.legacyAccessCodeDigest !== null
        ? await this.legacy.upgrade(row.complaintId)
        : row?.accessCodeMac;
    if (!this.codes.matches(code, mac) || !row) throw new UnknownTrackingNumber();
    return {
      trackingNo: row.trackingNo,
      status: row.status,
      registeredAt: row.registeredAt.toISOString(),
      acknowledgeBy: row.acknowledgeBy.toISOString(),
      lastUpdatedAt: row.updatedAt.toISOString(),
    };
  }
}
