import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@redress/event-store';
import { decodeCursor, encodeCursor } from '@redress/platform';
import { searchText } from '../followup-records';
import { FOLLOWUP_EVENT_STORE } from '../tokens';

export interface CaseLibraryQuery {
  /** Words to find, each in the title, summary, lessons, keywords or category (all of them). */
  q?: string;
  category?: string;
  language?: string;
  limit?: number;
  cursor?: string;
}

interface CaseStudyRow {
  case_study_id: string;
  complaint_id: string;
  title: string;
  summary: string;
  lessons: string | null;
  keywords: string[];
  language: string;
  department: string;
  severity: string;
  escalation_class: string;
  category: string;
  published_at: Date;
  published_by: string;
}

/**
 * The case library (DOMAIN §4: typical cases feed staff training), newest first. Every member of
 * staff may read it, whatever their department: learning from another department's cases is its
 * point, and a case study holds no personal data. A query's words (split on spaces) must all
 * appear; Chinese words are found as written, other text case-folded (`searchText`).
 */
@Injectable()
export class CaseLibrary {
  constructor(@Inject(FOLLOWUP_EVENT_STORE) private readonly store: EventStore) {}

  async search(query: CaseLibraryQuery) {
    const limit = query.limit ?? 20;
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    const words = searchText([query.q ?? ''])
      .split(/\s+/)
      .filter((w) => w !== '')
      .slice(0, 10);
    for (const word of words) where.push(`strpos(search_text, ${param(word)}) > 0`);
    if (query.category !== undefined) where.push(`category = ${param(query.category)}`);
    if (query.language !== undefined) {
      where.push(
        `lower(split_part(language, '-', 1)) = lower(${param(query.language.split('-')[0])})`,
      );
    }
    if (query.cursor !== undefined) {
      const after = decodeCursor(query.cursor);
      where.push(`(published_at, case_study_id) < (${param(after.at)}, ${param(after.id)})`);
    }
    const { rows } = await this.store.pool.query<CaseStudyRow>(
      `SELECT case_study_id, complaint_id, title, summary, lessons, keywords, language, department,
              severity, escalation_class, category, published_at, published_by
         FROM followup.case_studies ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY published_at DESC, case_study_id DESC LIMIT ${param(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({
        caseStudyId: row.case_study_id,
        complaintId: row.complaint_id,
        title: row.title,
        summary: row.summary,
        ...(row.lessons !== null ? { lessons: row.lessons } : {}),
        keywords: row.keywords,
        language: row.language,
        department: row.department,
        severity: row.severity,
        escalationClass: row.escalation_class,
        category: row.category,
        publishedAt: row.published_at.toISOString(),
        publishedBy: row.published_by,
      })),
      ...(rows.length > limit && last
        ? {
            nextCursor: encodeCursor({
              at: last.published_at.toISOString(),
              id: last.case_study_id,
            }),
          }
        : {}),
    };
  }
}
