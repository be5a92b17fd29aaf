// How a benchmark part reports: rows of `{ figure, value, unit, target, note }` where `target`
// is `{ min }` (at least), `{ max }` (at most), `{ below }` (strictly less) or `{ equals }`, or
// absent for figures that are there to explain the others. `met` is derived, never set by a part.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { round } from './stats.mjs';

const number = (value) =>
  typeof value === 'number' && Number.isFinite(value)
    ? round(value).toLocaleString('en-US', { maximumFractionDigits: 2 })
    : value === undefined || value === null || Number.isNaN(value)
      ? 'n/a'
      : String(value);

export function targetText(target, unit = '') {
  if (!target) return '';
  const u = unit ? ` ${unit}` : '';
  if (target.min !== undefined) return `≥ ${number(target.min)}${u}`;
  if (target.max !== undefined) return `≤ ${number(target.max)}${u}`;
  if (target.below !== undefined) return `< ${number(target.below)}${u}`;
  if (target.equals !== undefined) return `= ${number(target.equals)}${u}`;
  return '';
}

/** true / false against the target; undefined when there is none or no figure. */
export function isMet(row) {
  const { target, value } = row;
  if (!target) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (target.min !== undefined) return value >= target.min;
  if (target.max !== undefined) return value <= target.max;
  if (target.below !== undefined) return value < target.below;
  if (target.equals !== undefined) return value === target.equals;
  return undefined;
}

export function withVerdicts(rows) {
  return rows.map((row) => ({ ...row, met: isMet(row) }));
}

/** The rows as an aligned text table: figure, value, target, met?. */
export function formatTable(title, rows) {
  const cells = rows.map((row) => [
    row.figure,
    `${number(row.value)}${row.unit && typeof row.value === 'number' ? ` ${row.unit}` : ''}`,
    targetText(row.target, row.unit),
    row.met === undefined ? '' : row.met ? 'yes' : 'NO',
  ]);
  const header = ['figure', 'value', 'target', 'met?'];
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c].length)));
  const line = (r) =>
    `  ${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`.trimEnd();
  return [
    title,
    line(header),
    `  ${widths.map((w) => '─'.repeat(w)).join('  ')}`,
    ...cells.map(line),
    ...rows.filter((r) => r.note).map((r) => `  · ${r.figure}: ${r.note}`),
  ].join('\n');
}

/** Writes `<dir>/<part>-<timestamp>.json`; returns its path relative to `base`. */
export function writeResult(dir, part, stamp, result, base) {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${part}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return relative(base, file);
}
