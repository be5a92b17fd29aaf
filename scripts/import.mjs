#!/usr/bin/env node
// `npm run import`: imports a file of historical complaints (CSV or NDJSON, gzip or not) into
// intake through POST /complaints/imports, streaming it with a progress bar, and prints the
// report (counts, and the rejected rows by line with the field and the reason).
//
//   npm run import -- history.csv
//   npm run import -- export.ndjson.gz --mapping mapping.json --date-order mdy
//   npm run import -- history.csv --url https://intake.example --token "$ADMIN_TOKEN"
//
// Options: --mapping (a JSON file: { "<file column>": "<field>" }), --date-order (dmy, the
// default, or mdy: which of two numbers ≤ 12 is the day), --url (default INTAKE_URL or
// http://127.0.0.1:3001), --token (default a development admin token; refused with
// NODE_ENV=production, where the identity provider's token must be given). The format is taken
// from the file name: .csv or .ndjson/.jsonl, each optionally .gz. Importing the same file again
// changes nothing: rows are kept by their sourceId.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Transform } from 'node:stream';
import { URL } from 'node:url';
import { developmentAdminToken } from './lib/dev-secrets.mjs';
import { UserError, ensureDependencies, main, say } from './lib/repo.mjs';

const USAGE =
  'usage: npm run import -- <file> [--mapping <json file>] [--date-order dmy|mdy] [--url <intake base URL>] [--token <admin bearer token>]';

export function parseArgs(argv, env = process.env) {
  const options = { url: env.INTAKE_URL || 'http://127.0.0.1:3001', dateOrder: 'dmy' };
  const names = { mapping: 'mapping', 'date-order': 'dateOrder', url: 'url', token: 'token' };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--') continue;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) {
      if (options.file !== undefined) throw new UserError(`one file at a time\n${USAGE}`);
      options.file = arg;
      continue;
    }
    const name = names[match[1]];
    if (name === undefined) throw new UserError(`unknown option ${arg}\n${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (!value) throw new UserError(`--${match[1]} needs a value\n${USAGE}`);
    options[name] = value;
  }
  if (options.file === undefined) throw new UserError(`which file?\n${USAGE}`);
  if (!['dmy', 'mdy'].includes(options.dateOrder)) {
    throw new UserError(`--date-order must be dmy or mdy\n${USAGE}`);
  }
  return options;
}

/** Content-Type and Content-Encoding from the file's name. */
export function mediaOf(file) {
  const gzip = /\.gz$/i.test(file);
  const name = file.replace(/\.gz$/i, '');
  const type = /\.(ndjson|jsonl)$/i.test(name)
    ? 'application/x-ndjson'
    : /\.csv$/i.test(name)
      ? 'text/csv'
      : undefined;
  if (type === undefined) {
    throw new UserError(`${file}: name it .csv or .ndjson (or .jsonl), optionally .gz`);
  }
  return { 'content-type': type, ...(gzip ? { 'content-encoding': 'gzip' } : {}) };
}

function bar(sent, total, startedAt, width = 30) {
  const fraction = total > 0 ? Math.min(1, sent / total) : 0;
  const filled = Math.round(fraction * width);
  const seconds = (Date.now() - startedAt) / 1000;
  const mb = (n) => (n / 1024 / 1024).toFixed(1);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(1)}% ${mb(sent)}/${mb(total)} MB, ${seconds.toFixed(0)} s`;
}

/** Streams the file as the request body; the bytes taken by the service drive the bar. */
function upload(url, headers, file, onProgress) {
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', (error) =>
      reject(
        ['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET'].includes(error.code)
          ? new UserError(`intake at ${url.origin} did not answer (${error.code}): is it running?`)
          : error,
      ),
    );
    let sent = 0;
    const counter = new Transform({
      transform(chunk, _encoding, done) {
        sent += chunk.length;
        onProgress(sent);
        done(null, chunk);
      },
    });
    createReadStream(file).on('error', reject).pipe(counter).pipe(req);
  });
}

function printReport(report) {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(
    `rows ${report.rows}: imported ${report.imported}, already imported ${report.alreadyImported}, ` +
      `rejected ${report.rejected}; ambiguous dates ${report.ambiguousDates}`,
  );
  for (const row of report.rejectedRows ?? []) {
    const why = row.errors.map((e) => `${e.field} ${e.reason}`).join('; ');
    out(`  line ${row.line}${row.sourceId ? ` (${row.sourceId})` : ''}: ${why}`);
  }
  if (report.rejectedRowsNotListed > 0) {
    out(`  … and ${report.rejectedRowsNotListed} more rejected rows`);
  }
}

async function cli(argv, env = process.env) {
  const options = parseArgs(argv, env);
  const size = statSync(options.file, { throwIfNoEntry: false })?.size;
  if (size === undefined) throw new UserError(`${options.file}: no such file`);
  const media = mediaOf(options.file);
  await ensureDependencies({ stdoutToStderr: true });
  const token = options.token ?? (await developmentAdminToken(env, 'import-cli', '12h'));
  const url = new URL('/complaints/imports', options.url);
  url.searchParams.set('dateOrder', options.dateOrder);
  if (options.mapping) {
    let mapping;
    try {
      mapping = JSON.parse(readFileSync(options.mapping, 'utf8'));
    } catch (error) {
      throw new UserError(`${options.mapping}: not a JSON file (${error.message})`);
    }
    url.searchParams.set('mapping', JSON.stringify(mapping));
  }
  const startedAt = Date.now();
  const interactive = process.stderr.isTTY;
  let lastShown = 0;
  say(
    `import: ${options.file} (${media['content-type']}${media['content-encoding'] ? ', gzip' : ''}) → ${url.origin}`,
  );
  const { status, text } = await upload(
    url,
    { ...media, authorization: `Bearer ${token}` },
    options.file,
    (sent) => {
      const now = Date.now();
      if (now - lastShown < (interactive ? 200 : 10_000) && sent < size) return;
      lastShown = now;
      const line = bar(sent, size, startedAt);
      if (interactive) process.stderr.write(`\r${line}`);
      else say(line);
    },
  );
  if (interactive) process.stderr.write('\n');
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UserError(`intake answered ${status}: ${text.slice(0, 500)}`);
  }
  if (status !== 200) {
    const fields = (body.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
    if (body.report) printReport(body.report);
    throw new UserError(
      `intake refused the import (${status}): ${body.detail ?? ''}${fields ? ` [${fields}]` : ''}`,
    );
  }
  printReport(body);
  say(`import: done in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  return 0;
}

main(() => cli(process.argv.slice(2)));
