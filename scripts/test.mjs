#!/usr/bin/env node
// `npm test`: the whole suite, from a fresh clone, with nothing started by hand.
//
//   npm test                              every package
//   npm test -- --filter=@redress/intake  one package (any turbo --filter; repeatable)
//   npm test -- --filter=@redress/intake -t "duplicate"   other arguments go to Jest
//
// Installs dependencies if node_modules is missing, brings up Kafka and the `redress_test`
// database (scripts/infra.mjs), type-checks and lints every package, runs each package's Jest
// suite one package at a time with the output streamed, and ends with a summary whose last
// line is `tests: <N> passed, <M> failed[, <K> skipped]`. Exits non-zero when anything failed,
// a package's Jest left no result, no test ran at all, or the tests ran past their time limit
// (REDRESS_TEST_TIMEOUT_MINUTES, 50 by default; the packages not reached have no result).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import {
  UserError,
  ensureDependencies,
  main,
  repoRoot,
  run,
  say,
  workspacePackages,
} from './lib/repo.mjs';

// Under each package's .cache/, which is git-ignored; Jest does not create the folder itself.
const RESULTS_FILE = '.cache/jest-results.json';

function parseArgs(argv) {
  const filters = [];
  const jestArgs = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--') continue;
    if (arg.startsWith('--filter=')) filters.push(arg);
    else if (arg === '--filter' || arg === '-F') {
      const value = argv[++i];
      if (!value) throw new UserError(`${arg} needs a package, e.g. --filter=@redress/intake`);
      filters.push(`--filter=${value}`);
    } else jestArgs.push(arg);
  }
  return { filters, jestArgs };
}

function banner(title) {
  say(`\n━━ ${title} ${'━'.repeat(Math.max(3, 72 - title.length))}`);
}

/** The packages whose `test` task this run executes, as turbo plans it. */
function plannedTestPackages(filters, env) {
  return new Promise((resolve, reject) => {
    execFile(
      'npx',
      ['turbo', 'run', 'test', '--dry=json', '--env-mode=loose', ...filters],
      { cwd: repoRoot, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new UserError(`turbo could not plan the test run:\n${stderr || error.message}`));
          return;
        }
        const plan = JSON.parse(stdout);
        const byName = new Map(workspacePackages().map((p) => [p.name, p]));
        resolve(
          plan.tasks
            .filter(
              (task) => task.task === 'test' && task.command && task.command !== '<NONEXISTENT>',
            )
            .map((task) => byName.get(task.package))
            .filter(Boolean),
        );
      },
    );
  });
}

function readResults(pkg) {
  const file = join(pkg.dir, RESULTS_FILE);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Counts of one package; a suite that failed outside any test counts as one failure. */
function summarise(pkg, results) {
  if (!results) {
    return {
      pkg,
      passed: 0,
      failed: 1,
      skipped: 0,
      note: 'no Jest result: Jest stopped before reporting, see its output above',
      failures: [],
    };
  }
  const failures = [];
  let brokenSuites = 0;
  for (const suite of results.testResults ?? []) {
    const file = relative(pkg.dir, suite.name);
    const failedTests = (suite.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const test of failedTests) failures.push(`${pkg.name} › ${file} › ${test.fullName}`);
    if (suite.status === 'failed' && failedTests.length === 0) {
      brokenSuites += 1;
      // Strip Jest's colour codes and its generic heading; keep the first line that says why.
      const firstLine =
        stripVTControlCharacters(String(suite.message ?? ''))
          .split('\n')
          .map((line) => line.trim())
          .find((line) => line && !line.includes('Test suite failed to run')) ?? 'failed to run';
      failures.push(`${pkg.name} › ${file} (suite failed: ${firstLine})`);
    }
  }
  return {
    pkg,
    passed: results.numPassedTests ?? 0,
    failed: (results.numFailedTests ?? 0) + brokenSuites,
    skipped: (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0),
    note: brokenSuites
      ? `${brokenSuites} suite(s) failed to run`
      : results.numTotalTests
        ? ''
        : 'no tests',
    failures,
  };
}

function counts({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

async function cli(argv) {
  const { filters, jestArgs } = parseArgs(argv);
  await ensureDependencies();
  const { ensureInfra } = await import('./infra.mjs');
  const testDatabase = process.env.REDRESS_TEST_DB || 'redress_test';

  banner('infrastructure');
  const infra = await ensureInfra({ db: testDatabase });
  // Every test process reaches the same broker and database, and none starts its own.
  const env = {
    ...process.env,
    KAFKA_BROKERS: infra.kafkaBrokers,
    DATABASE_ADMIN_URL: infra.databaseAdminUrl,
    REDRESS_TEST_DB: testDatabase,
    TURBO_TELEMETRY_DISABLED: '1',
  };

  const packages = await plannedTestPackages(filters, env);
  if (packages.length === 0)
    throw new UserError(`no package to test${filters.length ? ` for ${filters.join(' ')}` : ''}`);
  for (const pkg of packages) {
    rmSync(join(pkg.dir, RESULTS_FILE), { force: true });
    mkdirSync(join(pkg.dir, '.cache'), { recursive: true });
  }

  // --env-mode=loose: turbo passes the variables above (and the user's) through to Jest.
  const turbo = ['turbo', 'run', '--continue', '--env-mode=loose', ...filters];
  banner('typecheck and lint');
  const checksCode = await run(
    'npx',
    [...turbo.slice(0, 2), 'typecheck', 'lint', ...turbo.slice(2)],
    { env },
  );

  banner('tests');
  // Whatever happens in a test, the run ends: Jest exits when its tests are done even if a
  // test left a connection open (--forceExit), and the whole test stage has a time limit.
  const limitMinutes = Number(process.env.REDRESS_TEST_TIMEOUT_MINUTES || 50);
  let timedOut = false;
  const testCode = await run(
    'npx',
    [
      ...turbo.slice(0, 2),
      'test',
      '--concurrency=1',
      ...turbo.slice(2),
      '--',
      '--ci',
      '--forceExit',
      '--json',
      `--outputFile=${RESULTS_FILE}`,
      ...jestArgs,
    ],
    {
      env,
      timeoutMs: limitMinutes * 60_000,
      onTimeout: () => {
        timedOut = true;
        say(
          `\nthe tests ran past ${limitMinutes} minutes (REDRESS_TEST_TIMEOUT_MINUTES): stopping them`,
        );
      },
    },
  );

  const rows = packages.map((pkg) => summarise(pkg, readResults(pkg)));
  // The repository's own scripts (npm run demo's sample and keys…) test with node's runner.
  if (filters.length === 0) {
    const scriptsRow = await testScripts(env);
    if (scriptsRow) rows.push(scriptsRow);
  }
  const total = rows.reduce(
    (sum, row) => ({
      passed: sum.passed + row.passed,
      failed: sum.failed + row.failed,
      skipped: sum.skipped + row.skipped,
    }),
    { passed: 0, failed: 0, skipped: 0 },
  );

  // The summary goes to stdout with the test output, its last line alone for people and CI.
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`\n━━ summary ${'━'.repeat(64)}`);
  const width = Math.max(...rows.map((row) => row.pkg.name.length));
  for (const row of rows) {
    out(`  ${row.pkg.name.padEnd(width)}  ${counts(row)}${row.note ? `  (${row.note})` : ''}`);
  }
  const failures = rows.flatMap((row) => row.failures);
  if (failures.length > 0) {
    out('\nfailed:');
    for (const failure of failures) out(`  ✕ ${failure}`);
  }
  out();
  out(`typecheck and lint: ${checksCode === 0 ? 'passed' : 'FAILED (see above)'}`);
  if (timedOut) out(`the tests were stopped after ${limitMinutes} minutes`);
  if (testCode !== 0 && total.failed === 0) out(`jest exited with code ${testCode} (see above)`);
  if (total.passed + total.failed === 0) out('no test ran');
  out(`tests: ${counts(total)}`);

  const ok = checksCode === 0 && testCode === 0 && total.failed === 0 && total.passed > 0;
  return ok ? 0 : 1;
}

/** Runs the `*.test.mjs` files under scripts/ with node's test runner: a summary row, or none. */
async function testScripts(env) {
  const files = readdirSync(join(repoRoot, 'scripts'), { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test.mjs') && !file.includes('node_modules'))
    .map((file) => join('scripts', file))
    .sort();
  if (files.length === 0) return undefined;
  banner('scripts');
  const tap = join(repoRoot, '.cache', 'scripts-tests.tap');
  mkdirSync(dirname(tap), { recursive: true });
  rmSync(tap, { force: true });
  const code = await run(
    process.execPath,
    [
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { env },
  );
  const report = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(report)?.[1] ?? 0);
  const failed = count('fail') + (code !== 0 && count('fail') === 0 ? 1 : 0);
  return {
    pkg: { name: 'scripts', dir: repoRoot },
    passed: count('pass'),
    failed,
    skipped: count('skipped') + count('todo'),
    failures: failed > 0 ? [`scripts: node --test ${files.join(' ')} (see above)`] : [],
    ...(code !== 0 && count('fail') === 0 ? { note: `exited with code ${code}` } : {}),
  };
}

main(() => cli(process.argv.slice(2)));
