import { Injectable } from '@nestjs/common';
import { queryPrepared, type Sql } from '@redress/event-store';
import type { Route } from '../domain/department-scope.policy';

/**
 * `intake.complaint_routes`: where triage routed each complaint, as intake learnt it from
 * triage's events (RecordRouting). Read inside the caller's transaction, beside the complaint's
 * stream, to decide what a department may see and do.
 */
@Injectable()
export class ComplaintRoutes {
  async find(tx: Sql, complaintId: string): Promise<Route | undefined> {
    const { rows } = await queryPrepared<{
      department: string;
      routedAt: Date;
      triageVersion: number;
    }>(
      tx,
      `SELECT department, routed_at AS "routedAt", triage_version AS "triageVersion"
         FROM intake.complaint_routes WHERE complaint_id = $1`,
      [complaintId],
    );
    const row = rows[0];
    return row === undefined ? undefined : routeOf(row);
  }

  async save(tx: Sql, complaintId: string, route: Route, eventId: string): Promise<void> {
    await queryPrepared(
      tx,
      `INSERT INTO intake.complaint_routes (complaint_id, department, routed_at, triage_version, event_id)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (complaint_id) DO UPDATE SET department = EXCLUDED.department,
         routed_at = EXCLUDED.routed_at, triage_version = EXCLUDED.triage_version,
         event_id = EXCLUDED.event_id`,
      [complaintId, route.department, route.routedAt, route.triageVersion, eventId],
    );
  }
}

export function routeOf(row: {
  department: string;
  routedAt: Date | string;
  triageVersion: number;
}): Route {
  return {
    department: row.department,
    routedAt: new Date(row.routedAt).toISOString(),
    triageVersion: row.triageVersion,
  };
}
