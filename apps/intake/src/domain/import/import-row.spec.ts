import {
  columnPlan,
  fieldsOfObject,
  importRow,
  parseMapping,
  type ImportField,
} from './import-row';
import type { DateRules } from './import-date.policy';

const rules: DateRules = {
  order: 'dmy',
  timeZone: 'Asia/Shanghai',
  now: new Date('2026-12-05T00:00:00Z'),
};

function values(entries: Record<string, unknown>): Map<ImportField, unknown> {
  return new Map(Object.entries(entries) as [ImportField, unknown][]);
}

describe('the rows of an import', () => {
  it('nests dotted columns as the registration API takes them and reads typed text', () => {
    const result = importRow(
      values({
        sourceId: ' CRM-1 ',
        receivedAt: '05/03/2024 14:30',
        channel: 'hotline',
        'customer.name': '张三',
        'customer.phone': '13800001111',
        'subject.type': 'product',
        'subject.purchasedAt': '2024年3月1日',
        description: 'broken',
        desiredRemedies: 'refund; apology',
        complainantCount: '3',
        'flags.safetyIncident': '是',
        'flags.mediaThreat': 'no',
        region: '',
      }),
      rules,
    );
    expect(result).toEqual({
      ok: true,
      row: {
        sourceId: 'CRM-1',
        receivedAt: '2024-03-05T06:30:00.000Z',
        ambiguousDates: 1,
        registration: {
          channel: 'hotline',
          customer: { name: '张三', phone: '13800001111' },
          subject: { type: 'product', purchasedAt: '2024-02-29T16:00:00.000Z' },
          description: 'broken',
          desiredRemedies: ['refund', 'apology'],
          complainantCount: 3,
          flags: { safetyIncident: true, mediaThreat: false },
        },
      },
    });
  });

  it('rejects a row without a source id or receipt date, or with values of the wrong kind', () => {
    const result = importRow(
      values({ receivedAt: 'soon', complainantCount: 'many', 'flags.legalThreat': 'maybe' }),
      rules,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.field).sort()).toEqual([
      'complainantCount',
      'flags.legalThreat',
      'receivedAt',
      'sourceId',
    ]);
  });

  it('rejects a receipt date in the future and a source id that is not printable ASCII', () => {
    const result = importRow(values({ sourceId: 'a\tb', receivedAt: '2030-01-01' }), rules);
    expect(!result.ok && result.problems).toEqual([
      { field: 'sourceId', reason: 'must be printable ASCII' },
      { field: 'receivedAt', reason: 'is in the future' },
    ]);
  });

  it('refuses an unknown column without a mapping, and ignores it with one', () => {
    const header = ['sourceId', 'receivedAt', 'Kundenname'];
    expect(columnPlan(header, undefined)).toEqual({
      ok: false,
      problems: [
        { field: 'columns', reason: expect.stringContaining('unknown column "Kundenname"') },
      ],
    });
    expect(columnPlan(header, { Kundenname: 'customer.name' })).toEqual({
      ok: true,
      fields: ['sourceId', 'receivedAt', 'customer.name'],
    });
    expect(columnPlan([...header, 'Notes'], { Kundenname: 'customer.name' })).toEqual({
      ok: true,
      fields: ['sourceId', 'receivedAt', 'customer.name', undefined],
    });
  });

  it('names a mapping that fills one field twice, names no field, or a column the file lacks', () => {
    expect(parseMapping({ a: 'title', b: 'title', c: 'nickname' })).toEqual({
      ok: false,
      problems: [
        { field: 'mapping.b', reason: 'maps to title, which column "a" already fills' },
        { field: 'mapping.c', reason: expect.stringContaining('must name one of') },
      ],
    });
    expect(parseMapping(['title'])).toEqual({
      ok: false,
      problems: [{ field: 'mapping', reason: expect.any(String) }],
    });
    expect(columnPlan(['id', 'at'], { id: 'sourceId', at: 'receivedAt', x: 'title' })).toEqual({
      ok: false,
      problems: [{ field: 'mapping.x', reason: 'names a column the file does not have' }],
    });
    expect(columnPlan(['title'], undefined)).toEqual({
      ok: false,
      problems: [
        { field: 'columns', reason: 'no column gives sourceId' },
        { field: 'columns', reason: 'no column gives receivedAt' },
      ],
    });
  });

  it('reads an NDJSON object nested or dotted, and a mapping renames its members', () => {
    const nested = fieldsOfObject(
      {
        sourceId: 'x',
        customer: { name: 'A' },
        'subject.type': 'service',
        flags: { legalThreat: true },
      },
      undefined,
    );
    expect(nested.ok && [...nested.values]).toEqual([
      ['sourceId', 'x'],
      ['customer.name', 'A'],
      ['subject.type', 'service'],
      ['flags.legalThreat', true],
    ]);
    expect(fieldsOfObject({ nickname: 'x' }, undefined)).toEqual({
      ok: false,
      problems: [{ field: 'nickname', reason: 'is not a field of an import' }],
    });
    const mapped = fieldsOfObject({ id: 'x', nickname: 'y' }, { id: 'sourceId' });
    expect(mapped.ok && [...mapped.values]).toEqual([['sourceId', 'x']]);
    expect(fieldsOfObject([1], undefined).ok).toBe(false);
  });
});
