import { Injectable } from '@nestjs/common';
import type { CaseStudyPublishedData } from '@redress/contracts';
import type { Sql } from '@redress/event-store';
import type { FollowUp, FollowUpEvent } from '../domain';

/**
 * The read tables of follow-up, written in the transaction that appends the events they derive
 * from (and rebuildable from the streams): `followup.follow_ups`, one row per complaint with what
 * the due list filters and sorts on, and `followup.case_studies`, the case library.
 */
@Injectable()
export class FollowUpRecords {
  async save(tx: Sql, state: FollowUp, streamVersion: number): Promise<void> {
    const openActions = Object.values(state.correctiveActions).filter(
      (a) => a.completedAt === undefined,
    );
    await tx.query(
      `INSERT INTO followup.follow_ups (complaint_id, department, status, round, severity,
         escalation_class, category, resolved_at, due_at, next_attempt_at, attempts, closed_at,
         outcome, needs_review, open_actions, action_departments, updated_at, stream_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       ON CONFLICT (complaint_id) DO UPDATE SET department = EXCLUDED.department,
         status = EXCLUDED.status, round = EXCLUDED.round, severity = EXCLUDED.severity,
         escalation_class = EXCLUDED.escalation_class, category = EXCLUDED.category,
         resolved_at = EXCLUDED.resolved_at, due_at = EXCLUDED.due_at,
         next_attempt_at = EXCLUDED.next_attempt_at, attempts = EXCLUDED.attempts,
         closed_at = EXCLUDED.closed_at, outcome = EXCLUDED.outcome,
         needs_review = EXCLUDED.needs_review, open_actions = EXCLUDED.open_actions,
         action_departments = EXCLUDED.action_departments, updated_at = EXCLUDED.updated_at,
         stream_version = EXCLUDED.stream_version`,
      [
        state.complaintId,
        state.department,
        state.status,
        state.round,
        state.severity,
        state.escalationClass,
        state.category,
        state.resolvedAt,
        state.dueAt,
        state.nextAttemptAt ?? null,
        state.attempts.length,
        state.closedAt ?? null,
        state.outcome ?? null,
        state.needsReview ?? false,
        openActions.length,
        [...new Set(openActions.map((a) => a.department))],
        state.updatedAt,
        streamVersion,
      ],
    );
  }

  /** A published case study, searchable in the library (`GET /case-library`). */
  async addCaseStudies(tx: Sql, events: readonly FollowUpEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type !== 'CaseStudyPublished') continue;
      await this.addCaseStudy(tx, event.data);
    }
  }

  private async addCaseStudy(tx: Sql, d: CaseStudyPublishedData): Promise<void> {
    await tx.query(
      `INSERT INTO followup.case_studies (case_study_id, complaint_id, title, summary, lessons,
         keywords, language, department, severity, escalation_class, category, published_at,
         published_by, search_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (case_study_id) DO NOTHING`,
      [
        d.caseStudyId,
        d.complaintId,
        d.title,
        d.summary,
        d.lessons ?? null,
        d.keywords,
        d.language,
        d.department,
        d.severity,
        d.escalationClass,
        d.category,
        d.publishedAt,
        d.publishedBy,
        searchText([d.title, d.summary, d.lessons ?? '', ...d.keywords, d.category]),
      ],
    );
  }
}

/**
 * What the library searches: the texts case-folded and in Unicode compatibility form (full-width
 * letters and digits as ASCII), so "Refund", "REFUND" and "ｒｅｆｕｎｄ" are found alike; Chinese
 * is matched as written (no word boundaries to rely on), by substring.
 */
export function searchText(parts: readonly string[]): string {
  return parts.join('\n').normalize('NFKC').toLowerCase();
}
