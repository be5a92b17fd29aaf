import fc from 'fast-check';
import {
  emptyRow,
  project,
  resolutionMet,
  responseMet,
  statusOf,
  type ProjectedEvent,
} from './complaint-projection';

const ID = '7a2d3c4e-5f60-4718-9a2b-3c4d5e6f7a81';
let seq = 0;
function event(
  source: string,
  type: string,
  time: string,
  streamVersion: number,
  data: Record<string, unknown>,
): ProjectedEvent {
  seq += 1;
  return { id: `e${seq}`, type, source, time, streamVersion, data: { complaintId: ID, ...data } };
}

/** A complaint's life on the five topics: registered, triaged, escalated, worked, reopened, closed. */
function life(): ProjectedEvent[][] {
  const intake = [
    event('/redress/intake', 'ComplaintRegistered', '2026-03-09T01:00:00.000Z', 1, {
      trackingNo: 'RD-20260309-ABCDEFGH',
      channel: 'hotline',
      customer: { customerRef: 'cus_abc', tier: 'high' },
      subject: { type: 'product', productSku: 'YG-200' },
      region: 'shanghai',
      registeredAt: '2026-03-09T01:00:00.000Z',
    }),
    event('/redress/intake', 'ComplaintAcknowledged', '2026-03-09T01:00:01.000Z', 2, {
      acknowledgedAt: '2026-03-09T01:00:01.000Z',
    }),
  ];
  const triage = [
    event('/redress/triage', 'ComplaintTriaged', '2026-03-09T01:00:02.000Z', 1, {
      type: 'product',
      category: 'quality',
      severity: 'general',
      escalationClass: 'general',
      department: 'quality',
      customerTier: 'high',
      deadlines: { respondBy: '2026-03-09T05:00:00.000Z', resolveBy: '2026-03-11T07:00:00.000Z' },
      triagedAt: '2026-03-09T01:00:02.000Z',
    }),
    event('/redress/triage', 'ComplaintEscalated', '2026-03-10T01:00:00.000Z', 2, {
      from: 'general',
      to: 'hot',
      escalatedAt: '2026-03-10T01:00:00.000Z',
    }),
  ];
  const resolution = [
    event('/redress/resolution', 'CaseOpened', '2026-03-09T01:00:03.000Z', 1, {}),
    event('/redress/resolution', 'CustomerContacted', '2026-03-09T03:00:00.000Z', 2, {
      round: 1,
      contactedAt: '2026-03-09T03:00:00.000Z',
      firstInRound: true,
    }),
    event('/redress/resolution', 'RemedyApproved', '2026-03-09T06:00:00.000Z', 3, {
      remainingApprovals: [],
      approvedAt: '2026-03-09T06:00:00.000Z',
    }),
    event('/redress/resolution', 'ComplaintResolved', '2026-03-10T02:00:00.000Z', 4, {
      resolvedAt: '2026-03-10T02:00:00.000Z',
      round: 1,
    }),
    event('/redress/resolution', 'ComplaintResolved', '2026-03-13T02:00:00.000Z', 6, {
      resolvedAt: '2026-03-13T02:00:00.000Z',
      round: 2,
    }),
  ];
  const followup = [
    event('/redress/followup', 'SatisfactionRecorded', '2026-03-11T02:00:00.000Z', 2, {
      satisfaction: 2,
      recordedAt: '2026-03-11T02:00:00.000Z',
    }),
    event('/redress/followup', 'ComplaintReopened', '2026-03-11T02:00:00.000Z', 3, {
      reopenedAt: '2026-03-11T02:00:00.000Z',
    }),
    event('/redress/followup', 'SatisfactionRecorded', '2026-03-14T02:00:00.000Z', 5, {
      satisfaction: 5,
      recordedAt: '2026-03-14T02:00:00.000Z',
    }),
    event('/redress/followup', 'ComplaintClosed', '2026-03-14T02:00:00.000Z', 6, {
      closedAt: '2026-03-14T02:00:00.000Z',
      outcome: 'satisfied',
    }),
  ];
  return [intake, triage, resolution, followup];
}

const fold = (events: readonly ProjectedEvent[]) => events.reduce(project, emptyRow(ID));

describe('the complaint row (issue 13: every milestone, SLA met or missed, from events only)', () => {
  it('records each milestone, the grading in force, satisfaction and reopenings', () => {
    const row = fold(life().flat());
    expect(row).toMatchObject({
      channel: 'hotline',
      productSku: 'YG-200',
      region: 'shanghai',
      customerTier: 'high',
      receivedAt: '2026-03-09T01:00:00.000Z',
      acknowledgedAt: '2026-03-09T01:00:01.000Z',
      triagedAt: '2026-03-09T01:00:02.000Z',
      category: 'quality',
      escalationClass: 'hot',
      severity: 'general',
      respondBy: '2026-03-09T05:00:00.000Z',
      firstContactAt: '2026-03-09T03:00:00.000Z',
      planApprovedAt: '2026-03-09T06:00:00.000Z',
      firstResolvedAt: '2026-03-10T02:00:00.000Z',
      lastResolvedAt: '2026-03-13T02:00:00.000Z',
      satisfaction: 5,
      reopenCount: 1,
      closedAt: '2026-03-14T02:00:00.000Z',
      closureOutcome: 'satisfied',
      eventCount: 13,
    });
    expect(statusOf(row)).toBe('closed');
    expect(responseMet(row)).toBe(true);
    expect(resolutionMet(row)).toBe(true);
  });

  it('gives the same row whatever the interleaving of the topics (a replay reproduces it)', () => {
    const topics = life();
    const expected = fold(topics.flat());
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 13, maxLength: 13 }),
        (picks) => {
          // Each topic keeps its own order; the picks decide which topic delivers next.
          const queues = topics.map((t) => [...t]);
          const merged: ProjectedEvent[] = [];
          for (const pick of picks) {
            const queue =
              queues[pick]!.length > 0 ? queues[pick]! : queues.find((q) => q.length > 0);
            if (queue) merged.push(queue.shift()!);
          }
          for (const q of queues) merged.push(...q.splice(0));
          expect(fold(merged)).toEqual(expected);
        },
      ),
      { seed: 20261207, numRuns: 300 },
    );
  });

  it('keeps the deadlines an escalation without new ones leaves in force', () => {
    const [intake, triage] = life();
    const row = fold([...intake!, ...triage!]);
    expect(row.respondBy).toBe('2026-03-09T05:00:00.000Z');
    expect(row.resolveBy).toBe('2026-03-11T07:00:00.000Z');
  });

  it('misses the response clock on resolution’s breach, or a contact after the deadline', () => {
    const [intake, triage] = life();
    const late = event('/redress/resolution', 'CustomerContacted', '2026-03-09T06:00:00.000Z', 2, {
      round: 1,
      contactedAt: '2026-03-09T06:00:00.000Z',
    });
    expect(responseMet(fold([...intake!, ...triage!, late]))).toBe(false);
    const breach = event('/redress/resolution', 'SlaBreached', '2026-03-09T05:00:00.000Z', 2, {
      round: 1,
      clock: 'respond',
    });
    expect(responseMet(fold([...intake!, ...triage!, breach]))).toBe(false);
    expect(responseMet(fold([...intake!, ...triage!]))).toBeNull();
  });

  it('is withdrawn once withdrawn, whatever came after', () => {
    const [intake] = life();
    const withdrawn = event(
      '/redress/intake',
      'ComplaintWithdrawn',
      '2026-03-09T02:00:00.000Z',
      3,
      { withdrawnAt: '2026-03-09T02:00:00.000Z' },
    );
    expect(statusOf(fold([...intake!, withdrawn]))).toBe('withdrawn');
  });
});
