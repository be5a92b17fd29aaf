import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type Repository } from 'typeorm';
import type { Actor } from '@redress/contracts';
import { decodeCursor, encodeCursor, toInstant } from '@redress/platform';
import type { ListComplaintsQuery } from '../../http/list-complaints.query';
import { ComplaintRecord } from '../../persistence/complaint.entity';
import { ComplaintAccess } from './complaint-access';
import type { ComplaintView } from './complaint-view';

/**
 * Lists complaints newest first with keyset (cursor) pagination, which stays fast and stable
 * while new complaints arrive, unlike offsets.
 */
@Injectable()
export class ListComplaints {
  constructor(
    @InjectRepository(ComplaintRecord) private readonly complaints: Repository<ComplaintRecord>,
    private readonly access: ComplaintAccess,
  ) {}

  async execute(
    query: ListComplaintsQuery,
    actor: Actor,
  ): Promise<{ items: ComplaintView[]; nextCursor: string | null }> {
    const limit = query.limit ?? 20;
    const q = this.complaints.createQueryBuilder('c');
    const department = this.access.departmentFilter(actor);
    if (department === null) return { items: [], nextCursor: null };
    if (department !== undefined) q.andWhere('c.receivingDepartment = :department', { department });
    if (query.status) q.andWhere('c.status = :status', { status: query.status });
    if (query.channel) q.andWhere('c.channel = :channel', { channel: query.channel });
    if (query.subjectType)
      q.andWhere('c.subjectType = :subjectType', { subjectType: query.subjectType });
    if (query.customerRef)
      q.andWhere('c.customerRef = :customerRef', { customerRef: query.customerRef });
    if (query.productSku)
      q.andWhere('c.productSku = :productSku', { productSku: query.productSku });
    if (query.region) q.andWhere('c.region = :region', { region: query.region });
    if (query.trackingNo)
      q.andWhere('c.trackingNo = :trackingNo', { trackingNo: query.trackingNo });
    const from = query.registeredFrom && toInstant(query.registeredFrom);
    if (from) q.andWhere('c.registeredAt >= :from', { from: new Date(from) });
    const to = query.registeredTo && toInstant(query.registeredTo);
    if (to) q.andWhere('c.registeredAt < :to', { to: new Date(to) });
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      q.andWhere(
        new Brackets((b) =>
          b
            .where('c.registeredAt < :cAt', { cAt: new Date(cursor.at) })
            .orWhere('(c.registeredAt = :cAt AND c.complaintId < :cId)', { cId: cursor.id }),
        ),
      );
    }
    const rows = await q
      .orderBy('c.registeredAt', 'DESC')
      .addOrderBy('c.complaintId', 'DESC')
      .take(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        ...(r.view as unknown as ComplaintView),
        version: r.streamVersion,
      })),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ at: last.registeredAt.toISOString(), id: last.complaintId })
          : null,
    };
  }
}
