import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { DomainError } from '@redress/contracts';
import { ComplaintRecord } from '../../persistence/complaint.entity';
import { accessCodeMatches } from '../tracking';

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
 * registration. A wrong code and an unknown number answer alike, so neither can be probed.
 */
@Injectable()
export class GetPublicStatus {
  constructor(
    @InjectRepository(ComplaintRecord) private readonly complaints: Repository<ComplaintRecord>,
  ) {}

  async execute(trackingNo: string, code: string): Promise<PublicStatus> {
    const row = await this.complaints.findOne({ where: { trackingNo } });
    if (!row || !accessCodeMatches(code, row.accessCodeHash)) throw new UnknownTrackingNumber();
    return {
      trackingNo: row.trackingNo,
      status: row.status,
      registeredAt: row.registeredAt.toISOString(),
      acknowledgeBy: row.acknowledgeBy.toISOString(),
      lastUpdatedAt: row.updatedAt.toISOString(),
    };
  }
}
