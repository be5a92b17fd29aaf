import { parseImportDate, type DateRules } from './import-date.policy';

/**
 * One row of an import, from the file's columns to the fields of a registration (issue 14).
 * Without a mapping the columns are named as the registration API's fields, dotted when nested
 * (`customer.name`, `subject.type`, `flags.safetyIncident`), plus the import's own `sourceId`
 * (the row's id in the source system) and `receivedAt` (when the company received it). A mapping
 * `{ "<file column>": "<field>" }` names the others; with one, columns that are neither mapped
 * nor named as a field are ignored (exports carry many), without one they are refused, so a
 * misspelt column never drops its data silently.
 *
 * Values are text (CSV) or JSON values (NDJSON). Empty text is a field left out; text is trimmed.
 * Booleans read `true/false`, `yes/no`, `y/n`, `1/0`, `是/否`; lists (`desiredRemedies`) are
 * separated by `;`, `|` or `,`; dates go through the import's date rules (import-date.policy.ts).
 * Everything else is checked afterwards by the registration's own DTO, as for `POST /complaints`.
 */
type Kind = 'text' | 'date' | 'integer' | 'boolean' | 'list';

export const IMPORT_FIELDS = {
  sourceId: 'text',
  receivedAt: 'date',
  channel: 'text',
  'customer.name': 'text',
  'customer.phone': 'text',
  'customer.email': 'text',
  'customer.externalId': 'text',
  'customer.tier': 'text',
  'subject.type': 'text',
  'subject.productSku': 'text',
  'subject.productModel': 'text',
  'subject.batchNo': 'text',
  'subject.orderId': 'text',
  'subject.purchaseChannel': 'text',
  'subject.purchasedAt': 'date',
  'subject.staffId': 'text',
  title: 'text',
  description: 'text',
  desiredRemedies: 'list',
  occurredAt: 'date',
  region: 'text',
  language: 'text',
  complainantCount: 'integer',
  'flags.lawsuitFiled': 'boolean',
  'flags.legalThreat': 'boolean',
  'flags.mediaExposed': 'boolean',
  'flags.mediaThreat': 'boolean',
  'flags.regulatorInvolved': 'boolean',
  'flags.safetyIncident': 'boolean',
} as const satisfies Record<string, Kind>;

export type ImportField = keyof typeof IMPORT_FIELDS;
export type ColumnMapping = Readonly<Record<string, ImportField>>;

/** A problem of a request (400) or of a row (rejected), by the field it is about. */
export interface ImportProblem {
  field: string;
  reason: string;
}

/** A source id is the row's key in the source system: printable, at most 200 characters. */
export const MAX_SOURCE_ID_LENGTH = 200;

export function isImportField(name: string): name is ImportField {
  return Object.prototype.hasOwnProperty.call(IMPORT_FIELDS, name);
}

/** Checks a mapping (parsed JSON): an object of column → field, each field named once. */
export function parseMapping(
  value: unknown,
): { ok: true; mapping: ColumnMapping } | { ok: false; problems: ImportProblem[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('mapping', 'must be a JSON object of file column → field');
  }
  const problems: ImportProblem[] = [];
  const seen = new Map<string, string>();
  // No prototype: a column named `__proto__` or `constructor` is a column like any other.
  const mapping = Object.create(null) as Record<string, ImportField>;
  for (const [column, field] of Object.entries(value)) {
    if (typeof field !== 'string' || !isImportField(field)) {
      problems.push({ field: `mapping.${column}`, reason: `must name one of: ${fieldList()}` });
      continue;
    }
    const other = seen.get(field);
    if (other !== undefined) {
      problems.push({
        field: `mapping.${column}`,
        reason: `maps to ${field}, which column "${other}" already fills`,
      });
      continue;
    }
    seen.set(field, column);
    mapping[column] = field;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, mapping };
}

/** The field each column of a CSV header fills (undefined: ignored). */
export function columnPlan(
  header: readonly string[],
  mapping: ColumnMapping | undefined,
): { ok: true; fields: (ImportField | undefined)[] } | { ok: false; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const filled = new Map<ImportField, string>();
  const fields = header.map((raw) => {
    const column = raw.trim();
    const field = fieldOfColumn(column, mapping);
    if (field === undefined) {
      if (mapping === undefined) {
        problems.push({
          field: 'columns',
          reason: `unknown column "${column}": name it as a field (${fieldList()}) or give a mapping`,
        });
      }
      return undefined;
    }
    if (filled.has(field)) {
      problems.push({
        field: 'columns',
        reason: `columns "${filled.get(field)}" and "${column}" both fill ${field}`,
      });
      return undefined;
    }
    filled.set(field, column);
    return field;
  });
  for (const column of Object.keys(mapping ?? {})) {
    if (!header.some((h) => h.trim() === column)) {
      problems.push({
        field: `mapping.${column}`,
        reason: 'names a column the file does not have',
      });
    }
  }
  for (const required of ['sourceId', 'receivedAt'] as const) {
    if (!filled.has(required)) {
      problems.push({ field: 'columns', reason: `no column gives ${required}` });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, fields };
}

/** An NDJSON object's values by field: nested objects are read as dotted names. */
export function fieldsOfObject(
  value: unknown,
  mapping: ColumnMapping | undefined,
): { ok: true; values: Map<ImportField, unknown> } | { ok: false; problems: ImportProblem[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('line', 'must be a JSON object');
  }
  const values = new Map<ImportField, unknown>();
  const problems: ImportProblem[] = [];
  const visit = (object: object, prefix: string, depth: number): void => {
    for (const [key, member] of Object.entries(object)) {
      const name = prefix + key;
      const field = fieldOfColumn(name, mapping);
      if (field !== undefined) {
        if (values.has(field)) problems.push({ field, reason: 'is given twice' });
        else values.set(field, member);
      } else if (
        depth === 0 &&
        typeof member === 'object' &&
        member !== null &&
        !Array.isArray(member)
      ) {
        visit(member, `${name}.`, 1);
      } else if (mapping === undefined) {
        problems.push({ field: name, reason: 'is not a field of an import' });
      }
    }
  };
  visit(value, '', 0);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values };
}

/** A row ready for the registration's DTO, or why it is rejected. */
export interface ImportRow {
  sourceId: string;
  receivedAt: string;
  /** The registration's body, nested as `POST /complaints` takes it. */
  registration: Record<string, unknown>;
  /** Dates of this row whose day and month the import's order decided. */
  ambiguousDates: number;
}

export function importRow(
  values: ReadonlyMap<ImportField, unknown>,
  rules: DateRules,
): { ok: true; row: ImportRow } | { ok: false; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const registration: Record<string, unknown> = {};
  let ambiguousDates = 0;
  let sourceId: string | undefined;
  let receivedAt: string | undefined;
  for (const [field, raw] of values) {
    const converted = convert(IMPORT_FIELDS[field], raw, rules);
    if (converted.kind === 'absent') continue;
    if (converted.kind === 'problem') {
      problems.push({ field, reason: converted.reason });
      continue;
    }
    if (converted.ambiguous) ambiguousDates += 1;
    if (field === 'sourceId') sourceId = String(converted.value);
    else if (field === 'receivedAt') receivedAt = String(converted.value);
    else setPath(registration, field, converted.value);
  }
  if (sourceId === undefined && !problems.some((p) => p.field === 'sourceId')) {
    problems.push({ field: 'sourceId', reason: 'is required: the row’s id in the source system' });
  } else if (sourceId !== undefined && !/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(sourceId)) {
    problems.push({ field: 'sourceId', reason: 'must be printable ASCII' });
  } else if (sourceId !== undefined && sourceId.length > MAX_SOURCE_ID_LENGTH) {
    problems.push({
      field: 'sourceId',
      reason: `must be at most ${MAX_SOURCE_ID_LENGTH} characters`,
    });
  }
  if (receivedAt === undefined && !problems.some((p) => p.field === 'receivedAt')) {
    problems.push({ field: 'receivedAt', reason: 'is required: when the company received it' });
  } else if (receivedAt !== undefined && new Date(receivedAt) > rules.now) {
    problems.push({ field: 'receivedAt', reason: 'is in the future' });
  }
  if (problems.length > 0 || sourceId === undefined || receivedAt === undefined) {
    return { ok: false, problems };
  }
  return { ok: true, row: { sourceId, receivedAt, registration, ambiguousDates } };
}

type Converted =
  | { kind: 'absent' }
  | { kind: 'problem'; reason: string }
  | { kind: 'value'; value: unknown; ambiguous: boolean };

const TRUE = new Set(['true', 'yes', 'y', '1', '是']);
const FALSE = new Set(['false', 'no', 'n', '0', '否']);

function convert(kind: Kind, raw: unknown, rules: DateRules): Converted {
  if (raw === null || raw === undefined) return { kind: 'absent' };
  if (typeof raw !== 'string') {
    // NDJSON gives typed values; the DTO checks them as the API does.
    return kind === 'text' || kind === 'date'
      ? { kind: 'problem', reason: 'must be text' }
      : { kind: 'value', value: raw, ambiguous: false };
  }
  const text = raw.trim();
  if (text === '') return { kind: 'absent' };
  switch (kind) {
    case 'text':
      return { kind: 'value', value: text, ambiguous: false };
    case 'date': {
      const parsed = parseImportDate(text, rules);
      return parsed.ok
        ? { kind: 'value', value: parsed.instant, ambiguous: parsed.ambiguous }
        : { kind: 'problem', reason: parsed.reason };
    }
    case 'integer':
      return /^[0-9]{1,9}$/.test(text)
        ? { kind: 'value', value: Number(text), ambiguous: false }
        : { kind: 'problem', reason: 'must be a whole number' };
    case 'boolean': {
      const word = text.toLowerCase();
      if (TRUE.has(word)) return { kind: 'value', value: true, ambiguous: false };
      if (FALSE.has(word)) return { kind: 'value', value: false, ambiguous: false };
      return { kind: 'problem', reason: 'must be true or false (yes/no, 1/0, 是/否)' };
    }
    case 'list':
      return {
        kind: 'value',
        value: text
          .split(/[;|,]/)
          .map((item) => item.trim())
          .filter((item) => item !== ''),
        ambiguous: false,
      };
  }
}

function fieldOfColumn(
  column: string,
  mapping: ColumnMapping | undefined,
): ImportField | undefined {
  const mapped =
    mapping !== undefined && Object.hasOwn(mapping, column) ? mapping[column] : undefined;
  if (mapped !== undefined) return mapped;
  return isImportField(column) ? column : undefined;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, tail] = path.split('.', 2) as [string, string | undefined];
  if (tail === undefined) {
    target[head] = value;
    return;
  }
  const nested = (target[head] ??= {}) as Record<string, unknown>;
  nested[tail] = value;
}

function fieldList(): string {
  return Object.keys(IMPORT_FIELDS).join(', ');
}

function fail(field: string, reason: string): { ok: false; problems: ImportProblem[] } {
  return { ok: false, problems: [{ field, reason }] };
}
