#!/usr/bin/env node
// `npm run fuzz`: every service's fuzz suite (test/fuzz.e2e-spec.ts, libs/testing "Fuzzing"),
// run longer than `npm test` does.
//
//   npm run fuzz -- --runs 10000               10,000 generated requests per service
//   npm run fuzz -- --runs 10000 --seed 42     the same requests again (a failure prints its seed)
//   npm run fuzz -- --service intake           one service (comma-separated or repeated)
//
// Brings up Kafka and the test database as `npm test` does (REDRESS_TEST_DB and
// REDRESS_TEST_TOPIC_PREFIX are honoured), runs each service's suite with Jest, the service
// inside the Jest process against the real Kafka and Postgres, then prints one line per
// service: requests, 2xx, 4xx, 5xx, unanswered, failing operations. Without --seed the seed is
// new each run (and printed). Exits non-zero when any answer was a 5xx or broke the contract.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, ensureDependencies, main, run, say, workspacePackages } from './lib/repo.mjs';

const SUITE = 'test/fuzz.e2e-spec.ts';
const USAGE =
  'usage: npm run fuzz -- [--runs <requests per service>] [--seed <n>] [--service <name>[,<name>…]]';

export function parseArgs(argv) {
  const options = { runs: 10_000, seed: undefined, services: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--') continue;
    if (arg === '--help' || arg === '-h') throw new UserError(USAGE);
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UserError(`unknown argument ${arg}\n${USAGE}`);
    const [, name, inline] = match;
    const value = inline ?? argv[++i];
    if (value === undefined || value === '')
      throw new UserError(`--${name} needs a value\n${USAGE}`);
    if (name === 'runs' || name === 'seed') {
      const n = Number(value);
      if (!Number.isInteger(n) || (name === 'runs' && n < 1)) {
        throw new UserError(`--${name} takes ${name === 'runs' ? 'a positive' : 'an'} integer`);
      }
      options[name] = n;
    } else if (name === 'service') {
      options.services.push(
        ...value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
    } else throw new UserError(`unknown option --${name}\n${USAGE}`);
  }
  options.seed ??= Math.floor(Math.random() * 2 ** 31);
  return options;
}

/** The services that have a fuzz suite, in the order of the workspace. */
function fuzzedServices(wanted) {
  const services = workspacePackages().filter(
    (p) => p.dir.includes('/apps/') && existsSync(join(p.dir, SUITE)),
  );
  const unknown = wanted.filter((name) => !services.some((s) => s.folder === name));
  if (unknown.length) {
    throw new UserError(
      `no fuzz suite for ${unknown.join(', ')}; services with one: ${services.map((s) => s.folder).join(', ')}`,
    );
  }
  return wanted.length ? services.filter((s) => wanted.includes(s.folder)) : services;
}

async function cli(argv) {
  const options = parseArgs(argv);
  await ensureDependencies();
  const services = fuzzedServices(options.services);
  const { ensureInfra } = await import('./infra.mjs');
  const testDatabase = process.env.REDRESS_TEST_DB || 'redress_test';
  const infra = await ensureInfra({ db: testDatabase });
  say(
    `fuzz: ${options.runs} requests per service, seed ${options.seed}: ${services.map((s) => s.folder).join(', ')}`,
  );

  const rows = [];
  for (const service of services) {
    const reportFile = join(service.dir, '.cache/fuzz-report.json');
    mkdirSync(join(service.dir, '.cache'), { recursive: true });
    rmSync(reportFile, { force: true });
    say(`\n━━ ${service.folder} ${'━'.repeat(60)}`);
    const code = await run('npx', ['jest', SUITE, '--ci'], {
      cwd: service.dir,
      env: {
        ...process.env,
        KAFKA_BROKERS: infra.kafkaBrokers,
        DATABASE_ADMIN_URL: infra.databaseAdminUrl,
        REDRESS_TEST_DB: testDatabase,
        REDRESS_FUZZ_RUNS: String(options.runs),
        REDRESS_FUZZ_SEED: String(options.seed),
        REDRESS_FUZZ_REPORT: reportFile,
      },
    });
    const report = existsSync(reportFile)
      ? JSON.parse(readFileSync(reportFile, 'utf8'))
      : undefined;
    rows.push({ service: service.folder, code, report });
  }

  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`\n━━ fuzz summary (seed ${options.seed}) ${'━'.repeat(44)}`);
  out('  service     requests      2xx      4xx      5xx  unanswered  failing operations');
  let ok = true;
  for (const { service, code, report } of rows) {
    if (!report) {
      ok = false;
      out(
        `  ${service.padEnd(10)}  no report: the suite stopped before fuzzing (exit code ${code}, see above)`,
      );
      continue;
    }
    const c = report.byClass;
    const failing = report.failures.map((f) => f.operation).join(', ') || 'none';
    out(
      `  ${service.padEnd(10)}  ${String(report.requests).padStart(8)}  ${String(c['2xx']).padStart(7)}  ${String(c['4xx']).padStart(7)}  ${String(c['5xx']).padStart(7)}  ${String(c.none).padStart(10)}  ${failing}`,
    );
    if (code !== 0 || c['5xx'] > 0 || c.none > 0 || report.failures.length > 0) ok = false;
  }
  out(ok ? 'fuzz: no 5xx, every 4xx problem+json naming the field' : 'fuzz: FAILED (see above)');
  return ok ? 0 : 1;
}

main(() => cli(process.argv.slice(2)));
