import { normaliseTimer } from './timer';

describe('normaliseTimer', () => {
  it('stores the due time as an ISO instant and a missing payload as null', () => {
    expect(
      normaliseTimer({
        key: 'sla:1',
        kind: 'resolution.sla-breach',
        dueAt: '2026-11-30T02:00:00+08:00',
      }),
    ).toEqual({
      key: 'sla:1',
      kind: 'resolution.sla-breach',
      due_at: '2026-11-29T18:00:00.000Z',
      payload: null,
    });
    const dueAt = new Date('2026-11-30T02:00:00.000Z');
    expect(normaliseTimer({ key: 'k', kind: 'k', dueAt, payload: { caseId: 'c' } })).toMatchObject({
      due_at: dueAt.toISOString(),
      payload: { caseId: 'c' },
    });
  });

  it.each([
    ['an empty key', { key: '', kind: 'a', dueAt: new Date() }],
    ['a key too long', { key: 'k'.repeat(501), kind: 'a', dueAt: new Date() }],
    ['a kind with upper case', { key: 'k', kind: 'Triage', dueAt: new Date() }],
    ['a kind with spaces', { key: 'k', kind: 'sla breach', dueAt: new Date() }],
    ['a date that is not an instant', { key: 'k', kind: 'a', dueAt: 'next monday' }],
    ['an invalid date', { key: 'k', kind: 'a', dueAt: new Date(Number.NaN) }],
  ])('refuses %s', (_what, spec) => {
    expect(() => normaliseTimer(spec)).toThrow();
  });
});
