import type {
  Channel,
  CustomerTier,
  EscalationClass,
  Severity,
  SubjectType,
} from '@redress/contracts';

/**
 * One complaint as analytics sees it (issue 13, item 1): every milestone's time, each SLA clock
 * met or missed, satisfaction, reopen count and the dimensions BI slices by — derived only from
 * events and their own times, never the wall clock, so a replay reproduces it.
 *
 * Events of five topics arrive in an order a replay does not repeat (each topic is ordered per
 * complaint; their interleaving is not). So every field merges commutatively: the earliest or
 * latest time of a kind of event, counts of events (each applied exactly once), and triage's
 * grading by its stream version. Whatever the interleaving, the same events give the same row.
 */
export interface ComplaintRow {
  complaintId: string;
  // intake
  trackingNo?: string;
  channel?: Channel;
  subjectType?: SubjectType;
  productSku?: string;
  productModel?: string;
  batchNo?: string;
  region?: string;
  language?: string;
  customerTier?: CustomerTier;
  complainantCount?: number;
  imported?: boolean;
  receivedAt?: string;
  registeredAt?: string;
  acknowledgedAt?: string;
  withdrawnAt?: string;
  // triage, the decision of the highest stream version
  gradingVersion: number;
  type?: SubjectType;
  category?: string;
  subcategory?: string;
  severity?: Severity;
  escalationClass?: EscalationClass;
  department?: string;
  respondBy?: string;
  resolveBy?: string;
  triagedAt?: string;
  // resolution
  firstContactAt?: string;
  planApprovedAt?: string;
  firstResolvedAt?: string;
  lastResolvedAt?: string;
  slaWarnings: number;
  slaBreaches: number;
  respondBreached: boolean;
  resolveBreached: boolean;
  supervised: boolean;
  crisis: boolean;
  // follow-up
  satisfaction?: number;
  satisfactionAt?: string;
  reopenCount: number;
  lastReopenedAt?: string;
  closedAt?: string;
  closureOutcome?: string;
  // every event
  eventCount: number;
  firstEventAt?: string;
  lastEventAt?: string;
}

/** An event as the projection reads it: its type, data, own time and place in its stream. */
export interface ProjectedEvent {
  id: string;
  type: string;
  /** The producer: `/redress/intake` … */
  source: string;
  /** CloudEvents `time`: when the producer wrote it. */
  time: string;
  streamVersion: number;
  data: Record<string, unknown>;
}

export function emptyRow(complaintId: string): ComplaintRow {
  return {
    complaintId,
    gradingVersion: 0,
    slaWarnings: 0,
    slaBreaches: 0,
    respondBreached: false,
    resolveBreached: false,
    supervised: false,
    crisis: false,
    reopenCount: 0,
    eventCount: 0,
  };
}

const earliest = (a: string | undefined, b: string | undefined) =>
  a === undefined ? b : b === undefined ? a : Date.parse(b) < Date.parse(a) ? b : a;
const latest = (a: string | undefined, b: string | undefined) =>
  a === undefined ? b : b === undefined ? a : Date.parse(b) > Date.parse(a) ? b : a;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const obj = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** Fields set once from the registration: the first writer wins, a replay writes the same. */
function setOnce<K extends keyof ComplaintRow>(row: ComplaintRow, key: K, value: ComplaintRow[K]) {
  if (row[key] === undefined && value !== undefined) row[key] = value;
}

/** Folds one event into the row (a copy); types analytics does not read only count as events. */
export function project(current: ComplaintRow, event: ProjectedEvent): ComplaintRow {
  const row: ComplaintRow = { ...current };
  const d = event.data;
  row.eventCount += 1;
  row.firstEventAt = earliest(row.firstEventAt, event.time);
  row.lastEventAt = latest(row.lastEventAt, event.time);
  switch (event.type) {
    case 'ComplaintRegistered': {
      const subject = obj(d.subject);
      const customer = obj(d.customer);
      setOnce(row, 'trackingNo', str(d.trackingNo));
      setOnce(row, 'channel', str(d.channel) as Channel | undefined);
      setOnce(row, 'subjectType', str(subject.type) as SubjectType | undefined);
      setOnce(row, 'productSku', str(subject.productSku));
      setOnce(row, 'productModel', str(subject.productModel));
      setOnce(row, 'batchNo', str(subject.batchNo));
      setOnce(row, 'region', str(d.region));
      setOnce(row, 'language', str(d.language));
      setOnce(row, 'customerTier', str(customer.tier) as CustomerTier | undefined);
      setOnce(row, 'complainantCount', num(d.complainantCount));
      setOnce(row, 'imported', d.imported === true);
      setOnce(row, 'registeredAt', str(d.registeredAt));
      // Version 2 carries when the company received it; version 1 was received when registered.
      setOnce(row, 'receivedAt', str(d.receivedAt) ?? str(d.registeredAt));
      break;
    }
    case 'ComplaintAcknowledged':
      row.acknowledgedAt = earliest(row.acknowledgedAt, str(d.acknowledgedAt) ?? event.time);
      break;
    case 'DuplicateComplaintLinked':
      row.complainantCount = Math.max(row.complainantCount ?? 1, num(d.complainantCount) ?? 1);
      break;
    case 'ComplaintWithdrawn':
      row.withdrawnAt = earliest(row.withdrawnAt, str(d.withdrawnAt));
      break;
    case 'ComplaintTriaged':
      row.triagedAt = earliest(row.triagedAt, str(d.triagedAt));
      applyGrading(row, event, obj(d), obj(d.deadlines));
      break;
    case 'ComplaintReclassified':
      applyGrading(row, event, obj(d.after), obj(d.deadlines));
      break;
    case 'ComplaintEscalated':
      applyGrading(
        row,
        event,
        {
          escalationClass: d.to,
          ...(d.severity ? { severity: obj(d.severity).to } : {}),
        },
        d.deadlines === undefined ? null : obj(d.deadlines),
      );
      break;
    case 'CustomerContacted':
      // The first round's first contact: what the response clock measured.
      if (d.round === 1) row.firstContactAt = earliest(row.firstContactAt, str(d.contactedAt));
      break;
    case 'RemedyApproved':
      if (Array.isArray(d.remainingApprovals) && d.remainingApprovals.length === 0) {
        row.planApprovedAt = earliest(row.planApprovedAt, str(d.approvedAt));
      }
      break;
    case 'ComplaintResolved':
      row.firstResolvedAt = earliest(row.firstResolvedAt, str(d.resolvedAt));
      row.lastResolvedAt = latest(row.lastResolvedAt, str(d.resolvedAt));
      break;
    case 'SlaWarning':
      row.slaWarnings += 1;
      break;
    case 'SlaBreached':
      row.slaBreaches += 1;
      if (d.round === 1 && d.clock === 'respond') row.respondBreached = true;
      if (d.round === 1 && d.clock === 'resolve') row.resolveBreached = true;
      break;
    case 'SupervisionOrderIssued':
      row.supervised = true;
      break;
    case 'CrisisTeamFormed':
      row.crisis = true;
      break;
    case 'SatisfactionRecorded': {
      const at = str(d.recordedAt);
      if (at !== undefined && latest(row.satisfactionAt, at) === at && at !== row.satisfactionAt) {
        row.satisfaction = num(d.satisfaction);
        row.satisfactionAt = at;
      }
      break;
    }
    case 'ComplaintReopened':
      row.reopenCount += 1;
      row.lastReopenedAt = latest(row.lastReopenedAt, str(d.reopenedAt));
      break;
    case 'ComplaintClosed': {
      const at = str(d.closedAt);
      if (at !== undefined && latest(row.closedAt, at) === at) {
        row.closedAt = at;
        row.closureOutcome = str(d.outcome) ?? row.closureOutcome;
      }
      break;
    }
    default:
      break;
  }
  return row;
}

/** Triage's decision, kept from the event with the highest stream version of triage's stream. */
function applyGrading(
  row: ComplaintRow,
  event: ProjectedEvent,
  grading: Record<string, unknown>,
  /** The decision's deadlines; null when the event leaves them as they were. */
  deadlines: Record<string, unknown> | null,
): void {
  if (event.streamVersion < row.gradingVersion) return;
  row.gradingVersion = event.streamVersion;
  const set = <K extends keyof ComplaintRow>(key: K, value: unknown) => {
    if (value !== undefined) row[key] = value as ComplaintRow[K];
  };
  set('type', grading.type);
  set('category', grading.category);
  if ('category' in grading) row.subcategory = str(grading.subcategory);
  set('severity', grading.severity);
  set('escalationClass', grading.escalationClass);
  set('department', grading.department);
  set('customerTier', grading.customerTier === 'unknown' ? undefined : grading.customerTier);
  if (deadlines !== null) {
    row.respondBy = str(deadlines.respondBy);
    row.resolveBy = str(deadlines.resolveBy) ?? row.resolveBy;
  }
}

/** Where the complaint stands, from its milestones (the latest of them decides). */
export type ComplaintStatus =
  'registered' | 'triaged' | 'resolved' | 'reopened' | 'closed' | 'withdrawn';

export function statusOf(row: ComplaintRow): ComplaintStatus {
  if (row.withdrawnAt !== undefined) return 'withdrawn';
  const reopened = row.lastReopenedAt;
  const after = (t: string | undefined) =>
    t !== undefined && (reopened === undefined || Date.parse(t) > Date.parse(reopened));
  if (after(row.closedAt)) return 'closed';
  if (after(row.lastResolvedAt)) return 'resolved';
  if (reopened !== undefined) return 'reopened';
  if (row.triagedAt !== undefined || row.gradingVersion > 0) return 'triaged';
  return 'registered';
}

/**
 * Whether the first round kept triage's promise (null while it cannot be known from events:
 * no deadline, or not yet reached and not breached). Resolution's `SlaBreached` is the
 * authority when it arrived; otherwise the milestone's time against the deadline.
 */
export function responseMet(row: ComplaintRow): boolean | null {
  if (row.respondBreached) return false;
  if (row.respondBy === undefined || row.firstContactAt === undefined) return null;
  return Date.parse(row.firstContactAt) <= Date.parse(row.respondBy);
}

export function resolutionMet(row: ComplaintRow): boolean | null {
  if (row.resolveBreached) return false;
  if (row.resolveBy === undefined || row.firstResolvedAt === undefined) return null;
  return Date.parse(row.firstResolvedAt) <= Date.parse(row.resolveBy);
}
