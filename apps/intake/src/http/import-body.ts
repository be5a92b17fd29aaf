import type { IncomingMessage } from 'node:http';
import { Transform, pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InvalidInput } from '@redress/contracts';
import { PROBLEM_TYPES, ProblemException } from '@redress/platform';
import type { ImportFormat } from '../application/import-complaints/import-records';

/**
 * The body of an import as a stream of the file's bytes, never buffered whole: its format from
 * `Content-Type` (`text/csv`, `application/x-ndjson`, or `application/gzip` with `?format=`),
 * gunzipped when `Content-Encoding: gzip` or `application/gzip` says so, and cut at `maxBytes`
 * both as sent and as decompressed (413).
 */
export function importBody(
  req: IncomingMessage,
  format: ImportFormat | undefined,
  maxBytes: number,
): { format: ImportFormat; input: Readable } {
  const type = mediaType(req.headers['content-type']);
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  let chosen: ImportFormat;
  let gzip = encoding === 'gzip' || encoding === 'x-gzip';
  if (type === 'text/csv') chosen = 'csv';
  else if (type === 'application/x-ndjson' || type === 'application/ndjson') chosen = 'ndjson';
  else if (type === 'application/gzip' || type === 'application/x-gzip') {
    chosen = format ?? 'csv';
    gzip = true;
  } else {
    throw new ProblemException({
      status: 415,
      type: PROBLEM_TYPES.unsupportedMediaType,
      title: 'Unsupported media type',
      detail: `send the file as text/csv, application/x-ndjson or application/gzip (got ${type ?? 'no Content-Type'})`,
      errors: [
        {
          field: 'Content-Type',
          message: 'must be text/csv, application/x-ndjson or application/gzip',
        },
      ],
    });
  }
  if (format !== undefined && format !== chosen) {
    throw new InvalidInput('format', `is ${format}, but Content-Type says ${chosen}`);
  }
  if (!['identity', 'gzip', 'x-gzip'].includes(encoding)) {
    throw new ProblemException({
      status: 415,
      type: PROBLEM_TYPES.unsupportedMediaType,
      title: 'Unsupported media type',
      detail: `Content-Encoding ${encoding} is not read: send gzip or no encoding`,
      errors: [{ field: 'Content-Encoding', message: 'must be gzip or absent' }],
    });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const stages: (Readable | Transform)[] = [req, cap(maxBytes)];
  if (gzip) stages.push(createGunzip(), cap(maxBytes));
  const last = stages[stages.length - 1] as Transform;
  // Every stage is destroyed with the first failure, and reading the last one throws it.
  pipeline(stages as unknown as [Readable, Transform], () => undefined);
  return { format: chosen, input: last };
}

/** The body is larger than the import's cap (INTAKE_IMPORT_MAX_BYTES). */
export class ImportTooLarge extends Error {}

export function tooLarge(maxBytes: number): ProblemException {
  return new ProblemException({
    status: 413,
    type: PROBLEM_TYPES.payloadTooLarge,
    title: 'Payload too large',
    detail: `an import reads at most ${maxBytes} bytes, compressed or not (INTAKE_IMPORT_MAX_BYTES): split the file`,
    errors: [{ field: 'body', message: `must be at most ${maxBytes} bytes` }],
  });
}

function cap(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(new ImportTooLarge());
      else done(null, chunk);
    },
  });
}

function mediaType(header: string | undefined): string | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}
