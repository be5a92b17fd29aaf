import { Readable } from 'node:stream';
import { ImportRefused } from '../../domain/errors';
import { MAX_NDJSON_LINE, importRecords, type ImportRecord } from './import-records';

async function read(
  format: 'csv' | 'ndjson',
  chunks: (string | Buffer)[],
): Promise<ImportRecord[]> {
  const records: ImportRecord[] = [];
  const input = Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
  for await (const record of importRecords(format, input, undefined)) records.push(record);
  return records;
}

const summary = (records: ImportRecord[]) =>
  records.map((r) =>
    'values' in r
      ? [r.line, r.values.get('sourceId')]
      : [r.line, r.problems.map((p) => p.field).join()],
  );

describe('reading an import’s rows', () => {
  it('numbers CSV rows by the line they start on, across a BOM, CRLF, quoted newlines, blank lines and chunk edges', async () => {
    const csv =
      '\uFEFFsourceId,receivedAt,description\r\n' +
      'a,2024-01-01,"one\r\ntwo\r\nthree"\r\n' +
      '\r\n' +
      'b,2024-01-02,\r\n' +
      'c,2024-01-03,x,extra\r\n' +
      'd,2024-01-04\r\n';
    const bytes = Buffer.from(csv);
    // Split inside the BOM, inside a quoted field and inside a multi-byte character's neighbour.
    const records = await read('csv', [
      bytes.subarray(0, 2),
      bytes.subarray(2, 50),
      bytes.subarray(50),
    ]);
    expect(summary(records)).toEqual([
      [2, 'a'],
      [6, 'b'],
      [7, 'row'],
      [8, 'd'],
    ]);
    const a = records[0] as { values: ReadonlyMap<string, unknown> };
    expect(a.values.get('description')).toBe('one\r\ntwo\r\nthree');
    expect((records[1] as { values: ReadonlyMap<string, unknown> }).values.get('description')).toBe(
      '',
    );
  });

  it('refuses a CSV whose header names an unknown column, before any row', async () => {
    await expect(read('csv', ['sourceId,receivedAt,nickname\na,b,c\n'])).rejects.toThrow(
      ImportRefused,
    );
  });

  it('reads NDJSON lines (LF or CRLF, BOM, blank lines skipped) and reports the ones it cannot read', async () => {
    const long = `{"sourceId":"${'x'.repeat(MAX_NDJSON_LINE + 10)}"}`;
    const text =
      '\uFEFF{"sourceId":"a"}\r\n\n{"sourceId":\n[1,2]\n' + long + '\n{"sourceId":"z","名前":1}';
    const records = await read('ndjson', [text.slice(0, 7), text.slice(7)]);
    expect(summary(records)).toEqual([
      [1, 'a'],
      [3, 'line'],
      [4, 'line'],
      [5, 'line'],
      [6, '名前'],
    ]);
  });
});
