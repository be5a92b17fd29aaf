#!/usr/bin/env node
// `npm run rebuild`: rebuilds analytics' projection by replaying every topic from offset 0
// (POST /analytics/rebuild on the running analytics service) and follows the job with a
// progress bar until BI's views have moved to the new version.
//
//   npm run rebuild                          the local platform (`npm start`), a development token
//   npm run rebuild -- --url https://analytics.example --token "$ADMIN_TOKEN"
//
// Options: --url (default ANALYTICS_URL or http://127.0.0.1:3005), --token (default a
// development admin token; refused with NODE_ENV=production, where the identity provider's
// token must be given).
/* global fetch */
import { setTimeout as sleep } from 'node:timers/promises';
import { developmentAdminToken } from './lib/dev-secrets.mjs';
import { UserError, ensureDependencies, main, say } from './lib/repo.mjs';

const USAGE =
  'usage: npm run rebuild -- [--url <analytics base URL>] [--token <admin bearer token>]';

function parseArgs(argv, env) {
  const options = { url: env.ANALYTICS_URL || 'http://127.0.0.1:3005', token: undefined };
  for (let i = 0; i < argv.length; i += 1) {
    const match = /^--(url|token)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new UserError(`unknown argument ${argv[i]}\n${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (!value) throw new UserError(`--${match[1]} needs a value\n${USAGE}`);
    options[match[1]] = value;
  }
  return options;
}

function bar(read, total, width = 30) {
  const fraction = total > 0 ? Math.min(1, read / total) : 0;
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(1)}% ${read}/${total}`;
}

async function cli(argv, env = process.env) {
  const options = parseArgs(argv, env);
  await ensureDependencies({ stdoutToStderr: true });
  const token = options.token ?? (await developmentAdminToken(env, 'rebuild-cli'));
  const headers = { authorization: `Bearer ${token}` };
  const started = await fetch(`${options.url}/analytics/rebuild`, { method: 'POST', headers });
  const job = await started.json();
  if (started.status !== 202) {
    throw new UserError(
      `analytics refused the rebuild (${started.status}): ${job.detail ?? JSON.stringify(job)}`,
    );
  }
  say(`rebuild ${job.jobId}: filling projection version ${job.version}`);
  const interactive = process.stderr.isTTY;
  for (;;) {
    await sleep(500);
    const res = await fetch(`${options.url}/analytics/rebuild/${job.jobId}`, { headers });
    const now = await res.json();
    const line = `${now.state.padEnd(9)} ${bar(now.read, now.total)}`;
    if (interactive) process.stderr.write(`\r${line}`);
    if (now.state === 'done' || now.state === 'failed') {
      if (interactive) process.stderr.write('\n');
      else say(line);
      if (now.state === 'failed') throw new UserError(`the rebuild failed: ${now.error}`);
      say(`version ${now.version} is live: BI's views read it`);
      return 0;
    }
  }
}

main(() => cli(process.argv.slice(2)));
