import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type Repository } from 'typeorm';
import type { Actor } from '@redress/contracts';
import { decodeCursor, encodeCursor, toInstant } from '@redress/platform';
import type { ListComplaintsQuery } from '../../http/list-complaints.query';
import type { RegisteredComplaint } from '../../domain/complaint';
import { ComplaintRouteRecord } from '../../persistence/complaint-route.entity';
import { ComplaintRecord } from '../../persistence/complaint.entity';
import { routeOf } from '../complaint-routes';
import { ComplaintAccess } from './complaint-access';
import type { ComplaintView, HandedOverView } from './complaint-view';

/**
 * Lists complaints newest first with keyset (cursor) pagination, which stays fast and stable
 * while new complaints arrive, unlike offsets. A department sees its complaints in full and the
 * ones it received and triage routed elsewhere as hand-overs (ComplaintAccess).
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
  ): Promise<{ items: Array<ComplaintView | HandedOverView>; nextCursor: string | null }> {
    const limit = query.limit ?? 20;
    const scope = this.access.listScope(actor);
    if ('none' in scope) return { items: [], nextCursor: null };
    const q = this.complaints
      .createQueryBuilder('c')
      .leftJoinAndMapOne('c.route', ComplaintRouteRecord, 'r', 'r.complaintId = c.complaintId');
    if ('department' in scope) {
      // A filter on what a hand-over does not show (the customer, the subject, the region)
      // looks only at complaints in full scope, or its matches would reveal those values.
      const onContents =
        query.customerRef !== undefined ||
        query.productSku !== undefined ||
        query.subjectType !== undefined ||
        query.region !== undefined;
      q.andWhere(
        onContents
          ? 'COALESCE(r.department, c.receivingDepartment) = :department'
          : '(COALESCE(r.department, c.receivingDepartment) = :department OR c.receivingDepartment = :department)',
        { department: scope.department },
      );
    }
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
      items: page.map((row) => this.item(row, actor)),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ at: last.registeredAt.toISOString(), id: last.complaintId })
          : null,
    };
  }

  private item(row: ComplaintRecord, actor: Actor): ComplaintView | HandedOverView {
    const route = row.route ? routeOf(row.route) : undefined;
    const state = row.view as unknown as RegisteredComplaint;
    const visibility = this.access.visibility(actor, {
      receivingDepartment: state.receivingDepartment,
      routedDepartment: route?.department,
    });
    if (visibility === 'handed-over' && route && state.receivingDepartment !== undefined) {
      return this.access.handedOverView(
        { ...state, receivingDepartment: state.receivingDepartment },
        route,
        row.streamVersion,
      );
    }
    return this.access.view(state, row.streamVersion, route);
  }
}
