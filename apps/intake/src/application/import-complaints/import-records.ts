import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parse, type CsvError, type Info } from 'csv-parse';
import {
  columnPlan,
  fieldsOfObject,
  type ColumnMapping,
  type ImportField,
  type ImportProblem,
} from '../../domain/import/import-row';
import { ImportRefused } from '../../domain/errors';

/** A row of the file by its line (where the row starts), read or refused as it stands. */
export type ImportRecord =
  | { line: number; values: ReadonlyMap<ImportField, unknown> }
  | { line: number; problems: ImportProblem[] };

export type ImportFormat = 'csv' | 'ndjson';

/** The longest line of an NDJSON file, in characters (a complaint's text is 10,000 at most). */
export const MAX_NDJSON_LINE = 1024 * 1024;

export function importRecords(
  format: ImportFormat,
  input: Readable,
  mapping: ColumnMapping | undefined,
): AsyncGenerator<ImportRecord> {
  return format === 'csv' ? csvRecords(input, mapping) : ndjsonRecords(input, mapping);
}

/**
 * CSV through csv-parse, streamed: a BOM is dropped, CRLF or LF end rows, quoted fields may hold
 * newlines, blank lines are skipped. The first row names the columns. A row with more fields than
 * the header is refused; one with fewer leaves the rest empty.
 */
async function* csvRecords(
  input: Readable,
  mapping: ColumnMapping | undefined,
): AsyncGenerator<ImportRecord> {
  const skipped: ImportRecord[] = [];
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  });
  // A record the parser cannot read (a quote never closed) is reported and the rest goes on.
  parser.on('skip', (error: CsvError & { lines?: number }) => {
    skipped.push({
      line: error.lines ?? 0,
      problems: [{ field: 'row', reason: `is not valid CSV (${error.code})` }],
    });
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let fields: (ImportField | undefined)[] | undefined;
  // Where the next record starts: after the previous one, its quoted newlines and the blank lines
  // skipped since (csv-parse's own line count takes a quoted CRLF for two lines).
  let nextLine = 1;
  let emptyLines = 0;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
    yield* skipped.splice(0);
    const line = nextLine + (info.empty_lines - emptyLines);
    nextLine = line + 1 + record.reduce((n, field) => n + newlines(field), 0);
    emptyLines = info.empty_lines;
    if (fields === undefined) {
      const plan = columnPlan(record, mapping);
      if (!plan.ok) throw new ImportRefused(plan.problems);
      fields = plan.fields;
      continue;
    }
    if (record.length > fields.length) {
      yield {
        line,
        problems: [
          { field: 'row', reason: `has ${record.length} fields, the header ${fields.length}` },
        ],
      };
      continue;
    }
    const values = new Map<ImportField, unknown>();
    record.forEach((value, index) => {
      const field = fields?.[index];
      if (field !== undefined) values.set(field, value);
    });
    yield { line, values };
  }
  yield* skipped.splice(0);
  if (fields === undefined)
    throw new ImportRefused([{ field: 'body', reason: 'has no header row' }]);
}

function newlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}

/** NDJSON: one JSON object a line (LF or CRLF, a BOM dropped, blank lines skipped). */
async function* ndjsonRecords(
  input: Readable,
  mapping: ColumnMapping | undefined,
): AsyncGenerator<ImportRecord> {
  for await (const { line, text } of lines(input)) {
    if (text === undefined) {
      yield {
        line,
        problems: [{ field: 'line', reason: `is longer than ${MAX_NDJSON_LINE} characters` }],
      };
      continue;
    }
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      yield { line, problems: [{ field: 'line', reason: 'is not valid JSON' }] };
      continue;
    }
    const read = fieldsOfObject(value, mapping);
    yield read.ok ? { line, values: read.values } : { line, problems: read.problems };
  }
}

/** Lines of UTF-8 text; a line past MAX_NDJSON_LINE is given without its text, never held. */
async function* lines(input: Readable): AsyncGenerator<{ line: number; text?: string }> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let tooLong = false;
  let line = 0;
  const end = (text: string) => {
    line += 1;
    const clean = (line === 1 ? text.replace(/^\uFEFF/, '') : text).replace(/\r$/, '');
    const result = tooLong ? { line } : { line, text: clean };
    tooLong = false;
    return result;
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    const parts = (pending + decoder.write(chunk)).split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) {
      if (part.length > MAX_NDJSON_LINE) tooLong = true;
      yield end(part);
    }
    if (pending.length > MAX_NDJSON_LINE) {
      tooLong = true;
      pending = '';
    }
  }
  pending += decoder.end();
  if (pending.length > MAX_NDJSON_LINE) tooLong = true;
  if (pending !== '' || tooLong) yield end(pending);
}
