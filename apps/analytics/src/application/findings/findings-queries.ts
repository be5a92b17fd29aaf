import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type {
  HotTopicCooledData,
  HotTopicDetectedData,
  TrendAlertRaisedData,
} from '@redress/contracts';
import {
  hotWordsOfPeriod,
  InvalidFindingsQuery,
  type CompiledAnalyticsPolicy,
  type HotWord,
  type PeriodHotWord,
} from '../../domain';
import { ANALYTICS_PG_POOL, ANALYTICS_POLICY } from '../tokens';

/** A period of the findings' API: [from, to), as the findings stood at `asOf` (default: now). */
export interface FindingsPeriod {
  from: string;
  to: string;
  asOf?: string;
  dimension?: string;
}

/** `live`: raised as the days closed; `backtest`: what the detectors find in imported history. */
type Source = 'live' | 'backtest';

interface Resolved {
  from: Date;
  to: Date;
  asOf: Date;
}

/**
 * The findings as they were raised (`GET /analytics/trends`, `/hot-topics`, `/hot-words`): read
 * from what the detectors stored as each window closed, so a finding is the one published then,
 * and one `asOf` shows the findings as they stood at that time — none from a window that had not
 * closed yet (its end plus the allowed lateness). Days before the first live window are answered
 * from the last backtest of imported history (`source: 'backtest'`), each finding on the day it
 * would have been raised live.
 */
@Injectable()
export class FindingsQueries {
  constructor(
    @Inject(ANALYTICS_PG_POOL) private readonly pool: Pool,
    @Inject(ANALYTICS_POLICY) private readonly policy: CompiledAnalyticsPolicy,
  ) {}

  /** Trend alerts raised by a window overlapping the period. */
  async trends(period: FindingsPeriod) {
    const p = this.resolve(period);
    const { rows } = await this.pool.query<{ data: TrendAlertRaisedData; source: Source }>(
      `SELECT data, source FROM analytics.findings_all
        WHERE type = 'TrendAlertRaised'
          AND (data->>'raisedAt')::timestamptz > $1
          AND (data->>'raisedAt')::timestamptz - interval '1 day' < $2
          AND (data->>'raisedAt')::timestamptz + $3 * interval '1 millisecond' <= $4
          AND ($5::text IS NULL OR data->>'dimension' = $5)
        ORDER BY (data->>'raisedAt')::timestamptz, data->>'dimension', data->>'value'`,
      [p.from, p.to, this.policy.allowedLatenessMs, p.asOf, period.dimension ?? null],
    );
    return { ...this.echo(p), alerts: rows.map((r) => ({ ...r.data, source: r.source })) };
  }

  /**
   * Hot topics detected by a window starting before the period's end and not cooled before it
   * began, each with its status as of `asOf`; `members` lists each topic's complaints.
   */
  async hotTopics(period: FindingsPeriod, { members }: { members: boolean }) {
    const p = this.resolve(period);
    const lateness = this.policy.allowedLatenessMs;
    const { rows } = await this.pool.query<{
      detected: HotTopicDetectedData;
      cooled: HotTopicCooledData | null;
      source: Source;
    }>(
      `SELECT d.data AS detected, c.data AS cooled, d.source
         FROM analytics.findings_all d
         LEFT JOIN analytics.findings_all c
           ON c.stream_id = d.stream_id AND c.type = 'HotTopicCooled' AND c.source = d.source
          AND (c.data->>'cooledAt')::timestamptz + $3 * interval '1 millisecond' <= $4
        WHERE d.type = 'HotTopicDetected'
          AND (d.data->>'detectedAt')::timestamptz - interval '1 day' < $2
          AND (d.data->>'detectedAt')::timestamptz + $3 * interval '1 millisecond' <= $4
          AND (c.data IS NULL OR (c.data->>'cooledAt')::timestamptz > $1)
        ORDER BY (d.data->>'detectedAt')::timestamptz, d.data->>'kind', d.data->>'key'`,
      [p.from, p.to, lateness, p.asOf],
    );
    return {
      ...this.echo(p),
      topics: rows.map(({ detected, cooled, source }) => {
        const topic: Partial<HotTopicDetectedData> = { ...detected };
        if (!members) delete topic.members;
        return {
          ...topic,
          status: cooled === null ? ('active' as const) : ('cooled' as const),
          ...(cooled === null ? {} : { cooledAt: cooled.cooledAt }),
          source,
        };
      }),
    };
  }

  /** The period's hot words by phrase (served, not published), strongest first. */
  async hotWords(period: FindingsPeriod) {
    const p = this.resolve(period);
    const { rows } = await this.pool.query<{
      start: Date;
      end: Date;
      index: number;
      words: HotWord[];
    }>(
      `SELECT window_index AS index, window_start AS start, window_end AS end, hot_words AS words
         FROM analytics.windows_all
        WHERE window_start < $2 AND window_end > $1
          AND window_end + $3 * interval '1 millisecond' <= $4
        ORDER BY window_index`,
      [p.from, p.to, this.policy.allowedLatenessMs, p.asOf],
    );
    const words: PeriodHotWord[] = hotWordsOfPeriod(
      rows.map((r) => ({
        window: { index: r.index, start: r.start.toISOString(), end: r.end.toISOString() },
        words: r.words,
      })),
    );
    return { ...this.echo(p), windows: rows.length, words };
  }

  private resolve(period: FindingsPeriod): Resolved {
    const from = new Date(period.from);
    const to = new Date(period.to);
    const asOf = period.asOf === undefined ? new Date() : new Date(period.asOf);
    if (from.getTime() >= to.getTime()) {
      throw new InvalidFindingsQuery('to', 'must be later than from');
    }
    return { from, to, asOf };
  }

  private echo(p: Resolved) {
    return { from: p.from.toISOString(), to: p.to.toISOString(), asOf: p.asOf.toISOString() };
  }
}
