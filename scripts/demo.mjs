#!/usr/bin/env node
// `npm run demo`: a realistic day of complaint handling, driven against the running platform
// (`npm start` in another terminal) through the public HTTP APIs only.
//
//   npm run demo                      the whole scenario (safe to run again)
//   npm run demo -- --restore-policy  put back triage's SLA policy from before the demo, and stop
//
// What it does, stage by stage (one progress line each, a summary at the end): checks every
// service is ready; sets a demo SLA policy with clocks in minutes (PUT /triage/policy); registers
// the bundled sample (scripts/demo/complaints.json); waits for triage; lets scripted agents of each
// department work their queue to resolution, approvals from the approval matrix included; leaves
// one major case untouched until it breaches and is put under a supervision order; calls the
// customers back (mostly satisfied, one reopened and resolved again, one unreachable); publishes a
// case study and a corrective action; imports 60 days of history (POST /complaints/imports) and
// shows the hot topic and trend alert analytics' backtest finds in it; prints the figures.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError, ensureDependencies, main, repoRoot } from './lib/repo.mjs';

const SAVED_POLICY = join(repoRoot, '.run', 'demo-triage-policy-before.json');
const CONCURRENCY = Number(process.env.REDRESS_DEMO_CONCURRENCY || 6);
// Cases one department's agent works side by side.
const PER_DEPARTMENT = 2;

const out = (text = '') => process.stdout.write(`${text}\n`);
const started = Date.now();
const clock = () => `${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s`;
const stage = (name, text) => out(`[${clock()}] ${name.padEnd(12)} ${text}`);

async function cli(argv) {
  const restore = argv.includes('--restore-policy');
  const unknown = argv.filter((a) => a !== '--restore-policy');
  if (unknown.length)
    throw new UserError(
      `unknown argument ${unknown[0]}\nusage: npm run demo [-- --restore-policy]`,
    );
  await ensureDependencies();
  const client = await import('./demo/client.mjs');
  const sampleLib = await import('./demo/sample.mjs');
  const { staff, workCase, followUp } = await import('./demo/agents.mjs');
  const { call, waitFor, eachLimit, readiness } = client;
  const people = staff(await client.tokenFactory());

  // 1. Every service ready, or say how to start them.
  const ready = await readiness();
  const down = Object.keys(ready).filter((name) => !ready[name]);
  if (down.length) {
    throw new UserError(
      `Not ready: ${down.join(', ')}. Start the platform in another terminal with \`npm start\` ` +
        '(from this checkout, so the development tokens match), wait for its table of services, then run `npm run demo` again.',
    );
  }
  stage('platform', `all five services ready (${Object.keys(ready).join(', ')})`);
  const admin = await people.admin();

  if (restore) return restorePolicy(call, admin);

  // 2. The demo SLA policy.
  const current = await call('triage', 'GET', '/triage/policy', { token: admin });
  const policyOf = (answer) => answer.policy ?? answer;
  if (sampleLib.isDemoPolicy(policyOf(current))) {
    stage('policy', `demo SLA policy already in force (version ${current.version ?? '?'})`);
  } else {
    if (!existsSync(SAVED_POLICY)) {
      mkdirSync(join(repoRoot, '.run'), { recursive: true });
      writeFileSync(SAVED_POLICY, JSON.stringify(policyOf(current), null, 1));
    }
    const changed = await call('triage', 'PUT', '/triage/policy', {
      token: admin,
      body: sampleLib.demoPolicy(policyOf(current)),
      key: sampleLib.idempotencyKey('policy', `demo-sla-from-v${current.version ?? 0}`),
    });
    stage(
      'policy',
      `demo SLA policy in force (version ${changed.version ?? '?'}): major respond 3 min, others resolve in 40 min, 24/7`,
    );
  }

  // 3. Registration.
  const sample = sampleLib.loadSample();
  const channel = await people.channel();
  const ids = new Map();
  await eachLimit(sample, CONCURRENCY, async (s) => {
    const answer = await call('intake', 'POST', '/complaints', {
      token: channel,
      body: sampleLib.registrationBody(s),
      key: sampleLib.idempotencyKey(s.id, 'register'),
    });
    ids.set(s.id, answer.complaintId);
  });
  stage(
    'registered',
    `${ids.size} complaints (${count(sample, (s) => s.language === 'zh')} Chinese, ${count(sample, (s) => s.language === 'en')} English) over ${new Set(sample.map((s) => s.channel)).size} channels and ${new Set(sample.map((s) => s.subject.type)).size} subject types`,
  );

  // 4. Triage.
  const supervisor = await people.supervisor();
  const triage = new Map();
  await waitFor(
    async () => {
      await eachLimit(
        sample.filter((s) => !triage.has(s.id)),
        CONCURRENCY,
        async (s) => {
          const decision = await call('triage', 'GET', `/triage/${ids.get(s.id)}`, {
            token: supervisor,
            notFound: null,
          });
          if (decision) triage.set(s.id, decision);
        },
      );
      return triage.size === sample.length;
    },
    { timeoutMs: 300_000, everyMs: 2000 },
  );
  const byClass = tally([...triage.values()].map((d) => d.escalationClass));
  const byDept = tally([...triage.values()].map((d) => d.department));
  stage(
    'triaged',
    `${triage.size} of ${sample.length}; classes ${fmt(byClass)}; departments ${fmt(byDept)}`,
  );
  for (const s of sample.filter(
    (x) => x.scenario && !['in-progress', 'same-subject'].includes(x.scenario),
  )) {
    const d = triage.get(s.id);
    if (d)
      stage('', `  ${s.id} ${s.scenario}: ${d.severity}/${d.escalationClass} → ${d.department}`);
  }

  // 5. The agents work the queue (one major case left alone to breach).
  const log = { approvals: {}, failures: [] };
  const breachSample = sample.find((s) => s.scenario === 'sla-breach');
  const sampleOf = new Map(sample.map((s) => [ids.get(s.id), s]));
  const outcome = new Map();
  const followUps = new Map();
  let done = 0;
  const departments = Object.keys(tally([...triage.values()].map((d) => d.department)));
  await Promise.all(
    departments.map(async (department) => {
      // Each department's agent works its own queue, nearest deadline first, as cases open.
      const agent = await people.agent(department);
      const pending = new Set(
        sample.filter((s) => s !== breachSample && triage.get(s.id)?.department === department),
      );
      let shown = false;
      const deadline = Date.now() + 300_000;
      while (pending.size > 0 && Date.now() < deadline) {
        const queue = await client.listAll('resolution', `/cases?department=${department}`, agent);
        const next = queue
          .map((row) => sampleOf.get(row.complaintId))
          .filter((s) => pending.has(s));
        if (!shown && next.length) {
          stage(
            'queue',
            `${department}: agent.${department} takes ${queue.length} cases from GET /cases, nearest deadline first`,
          );
          shown = true;
        }
        if (next.length === 0) {
          await sleep(2000);
          continue;
        }
        await eachLimit(next, PER_DEPARTMENT, async (s) => {
          try {
            outcome.set(s.id, await workCase(people, s, ids.get(s.id), log));
          } catch (error) {
            log.failures.push(`${s.id}: ${error.message}`);
          }
          pending.delete(s);
          done += 1;
          if (done % 50 === 0) stage('working', `${done} cases worked`);
        });
      }
      for (const s of pending)
        log.failures.push(`${s.id}: no case in ${department}'s queue within 5 minutes`);
    }),
  );
  stage(
    'resolved',
    `${count([...outcome.values()], (v) => v === 'resolved')} resolved, ${count([...outcome.values()], (v) => v === 'in progress')} left in progress; approvals given: ${fmt(log.approvals)}`,
  );
  for (const f of log.failures.slice(0, 5)) stage('', `  failed: ${f}`);

  // 6. The untouched major case: warning, breach, supervision order — watched while the rest of
  // the demo goes on; then someone works it, so it is not left to breach forever.
  const breachId = ids.get(breachSample.id);
  const untouched = (async () => {
    const breached = await waitFor(
      async () => {
        const c = await call('resolution', 'GET', `/cases/${breachId}`, {
          token: supervisor,
          notFound: null,
        });
        return c && c.round.breached && c.round.supervisionOrder ? c : undefined;
      },
      { timeoutMs: 600_000, everyMs: 5000 },
    );
    if (breached) {
      const opened = Date.parse(breached.openedAt);
      const steps = (breached.timeline ?? [])
        .filter((e) => /Sla|Supervision/.test(e.type))
        .map((e) => `${e.type} +${((Date.parse(e.at) - opened) / 60_000).toFixed(1)} min`);
      stage(
        'sla',
        `${breachSample.id} (${breached.severity}, untouched since it opened): ${steps.join(' → ')}`,
      );
    } else {
      stage(
        'sla',
        `${breachSample.id}: no breach within 10 minutes (is the demo SLA policy in force?)`,
      );
    }
    // Now someone works it, so it is not left to breach forever.
    outcome.set(
      breachSample.id,
      await workCase(people, breachSample, breachId, log).catch((e) => `failed: ${e.message}`),
    );
    const f = await followUp(
      people,
      breachSample,
      breachId,
      triage.get(breachSample.id).department,
    );
    followUps.set(breachSample.id, f);
  })().catch((error) => log.failures.push(`${breachSample.id}: ${error.message}`));

  // 7. Follow-up: surveys, one reopened and resolved again, one unreachable.
  const resolved = sample.filter((s) => s !== breachSample && outcome.get(s.id) === 'resolved');
  const unreachable = sample.find((s) => s.scenario === 'unreachable');
  await eachLimit(
    resolved.filter((s) => s !== unreachable),
    CONCURRENCY,
    async (s) => {
      try {
        followUps.set(s.id, await followUp(people, s, ids.get(s.id), triage.get(s.id).department));
      } catch (error) {
        log.failures.push(`${s.id} follow-up: ${error.message}`);
      }
    },
  );
  const unhappy = sample.find((s) => s.scenario === 'unhappy');
  if (followUps.get(unhappy.id)?.status === 'reopened') {
    stage(
      'reopened',
      `${unhappy.id}: satisfaction 2 of 5, not solved → reopened for second handling`,
    );
    await waitFor(
      async () => {
        const c = await call('resolution', 'GET', `/cases/${ids.get(unhappy.id)}`, {
          token: supervisor,
        });
        return c.round.round > 1 && !c.round.awaitingDeadlines;
      },
      { timeoutMs: 180_000, everyMs: 2000 },
    );
    await workCase(people, unhappy, ids.get(unhappy.id), log);
    followUps.set(
      unhappy.id,
      await waitFor(
        async () => {
          const f = await followUp(
            people,
            unhappy,
            ids.get(unhappy.id),
            triage.get(unhappy.id).department,
          );
          return f.status === 'closed' ? f : undefined;
        },
        { timeoutMs: 180_000, everyMs: 2000 },
      ),
    );
    stage(
      'reopened',
      `${unhappy.id}: resolved again, survey satisfied → ${followUps.get(unhappy.id)?.status}`,
    );
  }
  if (unreachable && outcome.get(unreachable.id) === 'resolved') {
    followUps.set(
      unreachable.id,
      await unreachableCallback(
        people,
        unreachable,
        ids.get(unreachable.id),
        triage.get(unreachable.id).department,
        call,
        waitFor,
        sampleLib,
      ),
    );
  }
  stage(
    'follow-up',
    `${followUps.size} callbacks: ${fmt(tally([...followUps.values()].map((f) => f?.outcome ?? f?.status)))}`,
  );

  // 8. Learning: a corrective action and a case study of the food-safety case.
  const food = sample.find((s) => s.scenario === 'food-safety-case-study');
  await learn(
    people,
    food,
    ids.get(food.id),
    triage.get(food.id)?.department ?? 'quality',
    call,
    sampleLib,
  );

  // 9. History: import, backtest, hot topic and trend alert.
  await importHistory(admin, supervisor, call, waitFor, sampleLib);

  await untouched;

  // 10. Summary.
  await summary({ people, sample, ids, call, eachLimit, followUps });
  if (log.failures.length) {
    out(`\n${log.failures.length} steps failed (first ones):`);
    for (const f of log.failures.slice(0, 10)) out(`  ${f}`);
  }
  return log.failures.length ? 1 : 0;
}

async function unreachableCallback(people, s, complaintId, department, call, waitFor, sampleLib) {
  const agent = await people.agent(department);
  const read = () =>
    call('follow-up', 'GET', `/follow-ups/${complaintId}`, { token: agent, notFound: null });
  let f = await waitFor(read, { timeoutMs: 120_000 });
  for (
    let attempt = (f.attempts ?? []).length + 1;
    f.status === 'awaiting_callback' && attempt <= 10;
    attempt += 1
  ) {
    await call('follow-up', 'POST', `/follow-ups/${complaintId}/attempts`, {
      token: agent,
      body: { outcome: 'no_answer', note: 'No answer; voicemail full.' },
      key: sampleLib.idempotencyKey(s.id, `callback-attempt-${attempt}`),
    });
    f = await read();
    if (f.status === 'awaiting_callback') {
      stage(
        'callback',
        `${s.id}: try ${attempt} unanswered; the policy schedules the next try at ${f.nextAttemptAt ?? f.attempts?.at(-1)?.nextAttemptAt ?? '?'} (working hours later) — the demo agent calls again now`,
      );
    }
  }
  stage(
    'callback',
    `${s.id}: ${f.status}${f.outcome ? ` as ${f.outcome}` : ''}${f.needsReview ? ', flagged for review' : ''}`,
  );
  return f;
}

async function learn(people, s, complaintId, department, call, sampleLib) {
  const head = await people.supervisor();
  const agent = await people.agent(department);
  const ca = await call('follow-up', 'POST', `/follow-ups/${complaintId}/corrective-actions`, {
    token: head,
    body: {
      kind: 'corrective',
      description: '抽检同批次酸奶，整改灌装线防虫措施；培训门店值班经理的投诉处理话术。',
      owner: `head.${department}`,
      department,
      within: { days: 7 },
    },
    key: sampleLib.idempotencyKey(s.id, 'corrective-action'),
  });
  const study = await call('follow-up', 'POST', '/case-library', {
    token: agent,
    body: {
      complaintId,
      title: '酸奶里有苍蝇：从激化到和解',
      summary:
        '顾客在餐厅发现孩子的酸奶里有苍蝇，值班经理的回应激化了矛盾。服务中心负责人将顾客请到办公室，道歉并询问细节，次日邀请参观工厂并对苍蝇做第三方检测，顾客接受。',
      lessons:
        '先安抚、再道歉、问开放式问题；证据（包装是否破损、谁先发现）决定责任；整改要落到生产线和培训。',
      keywords: ['食品安全', '酸奶', '苍蝇', '第三方检测'],
      language: 'zh',
    },
    key: sampleLib.idempotencyKey(s.id, 'case-study'),
  });
  const library = await call('follow-up', 'GET', `/case-library?q=${encodeURIComponent('酸奶')}`, {
    token: agent,
  });
  stage(
    'learning',
    `${s.id}: corrective action ${ca.id ?? (ca.conflict ? 'already requested' : 'requested')}; case study ${study.id ?? (study.conflict ? 'already published' : 'published')}; the library finds ${(library.items ?? library).length ?? 0} for "酸奶"`,
  );
}

async function importHistory(admin, supervisor, call, waitFor, sampleLib) {
  // The import is issue 14's: a build without it says so in its OpenAPI document.
  const docs = await call('intake', 'GET', '/docs-json', { token: admin });
  if (!docs.paths?.['/complaints/imports']) {
    stage(
      'history',
      'SKIPPED: this intake has no POST /complaints/imports (issue 14), so no history is imported and analytics has no backtest to find a hot topic or trend alert in',
    );
    return;
  }
  const history = sampleLib.loadHistory();
  const report = await call('intake', 'POST', '/complaints/imports', {
    token: admin,
    raw: sampleLib.historyNdjson(history),
    contentType: 'application/x-ndjson',
    conflictIsDone: false,
  });
  stage(
    'history',
    `${report.rows} rows of the 60 days before today: imported ${report.imported}, already imported ${report.alreadyImported}, rejected ${report.rejected}`,
  );
  for (const r of (report.rejectedRows ?? []).slice(0, 3))
    stage('', `  line ${r.line}: ${r.errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`);
  // Analytics backtests the history once the import has settled (ANALYTICS_BACKTEST_SETTLE_MS;
  // `npm start` sets 10 s locally), after triage has graded every imported complaint.
  const { from, to } = historyPeriod();
  const found = await waitFor(
    async () => {
      const [topics, trends] = await Promise.all([
        call('analytics', 'GET', `/analytics/hot-topics?from=${from}&to=${to}`, {
          token: supervisor,
        }),
        call('analytics', 'GET', `/analytics/trends?from=${from}&to=${to}`, { token: supervisor }),
      ]);
      const backtest = (list) => (list ?? []).filter((f) => f.source === 'backtest');
      return backtest(topics.topics).length && backtest(trends.alerts).length
        ? { topics: backtest(topics.topics), alerts: backtest(trends.alerts) }
        : undefined;
    },
    { timeoutMs: 300_000, everyMs: 5000 },
  );
  stage(
    'backtest',
    found
      ? `analytics found ${found.topics.length} hot topic(s) and ${found.alerts.length} trend alert(s) in the history`
      : 'no backtest finding within 5 minutes (ANALYTICS_BACKTEST_SETTLE_MS, 60 s unless `npm start` set it, and triage must have graded every imported complaint)',
  );
}

/** From the first day of the bundled history to the end of today, as the findings' API takes it. */
function historyPeriod(now = new Date()) {
  const day = (offset) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  return { from: `${day(-62)}T00:00:00Z`, to: `${day(1)}T00:00:00Z` };
}

async function summary({ people, sample, ids, call, eachLimit, followUps }) {
  const supervisor = await people.supervisor();
  const cases = new Map();
  const decisions = new Map();
  await eachLimit(sample, 6, async (s) => {
    const [c, d] = await Promise.all([
      call('resolution', 'GET', `/cases/${ids.get(s.id)}`, { token: supervisor, notFound: null }),
      call('triage', 'GET', `/triage/${ids.get(s.id)}`, { token: supervisor, notFound: null }),
    ]);
    if (c) cases.set(s.id, c);
    if (d) decisions.set(s.id, d);
  });
  const all = [...cases.values()];
  const active = ['open', 'awaiting_approval', 'plan_approved', 'executing'];
  const closed = [...followUps.values()].filter((f) => f?.status === 'closed');
  const reopened = all.filter((c) => c.round.round > 1).length;
  const breached = all.filter((c) => c.round.breached || c.earlierRounds.some((r) => r.breached));
  const supervised = all.filter((c) => c.round.supervisionOrder).length;
  const cluster = sample
    .filter((s) => s.scenario === 'same-subject')
    .map((s) => decisions.get(s.id)?.escalationClass);

  // Findings and reports are company-wide; a supervisor's overview counts every department.
  const today = new Date().toISOString().slice(0, 10);
  const { from, to } = historyPeriod();
  const get = (path) =>
    call('analytics', 'GET', path, { token: supervisor }).catch((e) => ({ error: e.message }));
  const [overview, topics, trends, report] = await Promise.all([
    get(`/analytics/overview?from=${today}T00:00:00%2B08:00&to=${to}`),
    get(`/analytics/hot-topics?from=${from}&to=${to}`),
    get(`/analytics/trends?from=${from}&to=${to}`),
    get(`/analytics/reports/monthly?month=${today.slice(0, 7)}`),
  ]);

  out('\n═══ Redress demo: summary ═══');
  out(`registered    ${sample.length} (${fmt(tally(sample.map((s) => s.language)))})`);
  out(
    `triaged       ${decisions.size}: ${fmt(tally([...decisions.values()].map((d) => d.severity)))}; ${fmt(tally([...decisions.values()].map((d) => d.escalationClass)))}`,
  );
  out(`in progress   ${count(all, (c) => active.includes(c.status))}`);
  out(`resolved      ${count(all, (c) => c.status === 'resolved')}`);
  out(`closed        ${closed.length}: ${fmt(tally(closed.map((f) => f.outcome)))}`);
  out(`reopened      ${reopened} (second handling, resolved again)`);
  out(
    `SLA           ${all.length - breached.length} of ${all.length} cases never breached (${pct(all.length - breached.length, all.length)}); ${supervised} under a supervision order; queue now ${fmt(tally(all.map((c) => c.slaState)))}`,
  );
  out(`same subject  three customers about KT-880 → ${cluster.join(', ')}`);
  out(`today         ${headline(overview)}`);
  out(
    `hot topics    ${listOf(topics.topics, topics, (t) => `${t.kind} ${t.key} — ${t.complaintCount} complaints, detected ${t.detectedAt?.slice(0, 10)} (${t.source}, ${t.status})`)}`,
  );
  out(
    `trend alerts  ${listOf(trends.alerts, trends, (t) => `${t.dimension} ${t.value} — ${t.observed} vs ${t.expected} expected, score ${t.score}, ${t.window?.start?.slice(0, 10)}… (${t.source})`)}`,
  );
  out(`monthly ${today.slice(0, 7)} ${headline(report)}`);
  out('\nThe demo SLA policy stays in force (every clock in minutes, around the clock). Put the');
  out('policy from before the demo back with `npm run demo -- --restore-policy`.');
}

/** The headline figures of an overview or a monthly report. */
function headline(o) {
  if (o?.error) return `unavailable (${o.error})`;
  const rate = (r) => (r === null || r === undefined ? '—' : `${(100 * r).toFixed(1)} %`);
  const top = (o.byDimension?.category ?? []).slice(0, 3).map((c) => `${c.value} ${c.complaints}`);
  return (
    `${o.complaints} complaints, ${o.resolved} resolved, ${o.closed} closed; response on time ${rate(o.responseMetRate)}, ` +
    `resolution on time ${rate(o.resolutionMetRate)}; satisfaction ${o.averageSatisfaction ?? '—'} of 5; reopened ${rate(o.reopenRate)}; ` +
    `first-contact resolution ${rate(o.firstContactResolutionRate)}; top categories ${top.join(', ') || '—'}`
  );
}

async function restorePolicy(call, admin) {
  if (!existsSync(SAVED_POLICY))
    throw new UserError(
      'No saved policy: the demo has not changed the SLA policy from this checkout.',
    );
  const before = JSON.parse(readFileSync(SAVED_POLICY, 'utf8'));
  const answer = await call('triage', 'PUT', '/triage/policy', { token: admin, body: before });
  stage(
    'policy',
    `the policy from before the demo is in force again (version ${answer.version ?? '?'})`,
  );
  return 0;
}

const count = (list, test) => list.filter(test).length;
const tally = (list) => list.reduce((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
const fmt = (object) =>
  Object.entries(object)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';
const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)} %` : '—');
const listOf = (items, answer, line) => {
  if (answer?.error) return `unavailable (${answer.error})`;
  return items?.length ? items.map(line).join('\n              ') : 'none';
};

main(() => cli(process.argv.slice(2)));
