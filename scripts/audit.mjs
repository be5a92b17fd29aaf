#!/usr/bin/env node
// Checks the installed dependencies against the npm registry's security advisories:
//
//   npm run audit              fails (exit 1) on any high or critical advisory
//   npm run audit -- --strict  also fails (exit 2) when the advisory service cannot be reached
//
// It runs `npm audit --json` and counts advisories by severity. Moderate and low ones are
// listed but do not fail the check. A registry that does not serve the advisory endpoint (a
// mirror or proxy that refuses it) is reported plainly as "nothing was checked", never as a
// clean result; README "Security advisories" says what was reviewed by hand instead.
import { spawn } from 'node:child_process';
import { UserError, main, repoRoot, say } from './lib/repo.mjs';

const FAILING = ['critical', 'high'];
const SEVERITIES = ['critical', 'high', 'moderate', 'low', 'info'];

function npmAuditJson() {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['audit', '--json'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.resume();
    child.on('error', reject);
    child.on('exit', () => {
      try {
        resolve(JSON.parse(out));
      } catch {
        reject(new UserError('audit: npm audit printed no JSON report'));
      }
    });
  });
}

/** The advisory service's answer when it could not be asked, or undefined when it answered. */
function unreachable(report) {
  if (report.vulnerabilities || report.metadata) return undefined;
  const status = report.statusCode ? ` (HTTP ${report.statusCode})` : '';
  return `${report.message ?? report.error?.summary ?? 'no answer'}${status}`;
}

function summarise(report) {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  const findings = [];
  for (const [name, entry] of Object.entries(report.vulnerabilities ?? {})) {
    counts[entry.severity] = (counts[entry.severity] ?? 0) + 1;
    findings.push({ name, severity: entry.severity, range: entry.range, fix: entry.fixAvailable });
  }
  return { counts, findings };
}

async function cli(argv) {
  const strict = argv.includes('--strict');
  const unknown = argv.filter((a) => a !== '--strict');
  if (unknown.length) throw new UserError(`usage: npm run audit -- [--strict]`);
  const report = await npmAuditJson();
  const cause = unreachable(report);
  if (cause) {
    say(
      `audit: the registry's advisory service could not be asked (${cause}); nothing was ` +
        'checked. Run it where the public registry is reachable; README "Security advisories".',
    );
    return strict ? 2 : 0;
  }
  const { counts, findings } = summarise(report);
  for (const f of findings) {
    say(
      `audit: ${f.severity.padEnd(8)} ${f.name} ${f.range ?? ''}${f.fix ? ' (fix available)' : ''}`,
    );
  }
  say(`audit: ${SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ')}`);
  return FAILING.some((s) => counts[s] > 0) ? 1 : 0;
}

main(() => cli(process.argv.slice(2)));
