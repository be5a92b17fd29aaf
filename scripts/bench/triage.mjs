// Benchmark part "triage": how fast triage decides, and how long a complaint waits for it.
//
//   1. decisions    pure triage decisions (classification, routing, severity, escalation, SLA
//                   deadlines) with the default policy, in this process on one core, over a
//                   corpus of simplified Chinese, traditional Chinese and English complaints
//   2. lag          the built intake and triage services as child processes; after a 15 s
//                   warm-up at the same rate right after both start (its lag reported apart,
//                   with its stages: the product clusters form then, and their complaints are
//                   escalated as each reaches three complainants), registrations about
//                   250 different products are posted to intake at a steady 200/s and the benchmark reads
//                   `complaints.triage.v1`: lag = ComplaintTriaged read − intake's 201 received
//                   (the registration was committed before its 201, so this overstates the lag
//                   from the commit a little, never understates it); the lag is also split
//                   into stages by the records' Kafka timestamps and the CloudEvent time of
//                   ComplaintTriaged: intake's relay, triage's consumer and decision, triage's
//                   relay, the read
//   3. restart      triage stopped and started again in the same group, then 200/s for 15 s
//                   from the moment it reports ready: issue 15's "first 15 s after start" of a
//                   fresh process, without the clusters forming (its lag per second is kept)
/* global fetch */
import { Buffer } from 'node:buffer';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import { pathToFileURL } from 'node:url';
import { BENCH_TOPIC_PREFIX, say } from '../lib/repo.mjs';
import { complaintBodies } from './lib/complaints.mjs';
import { ensureTopics, startAtEnd } from './lib/kafka.mjs';
import { cpuBySecond, cpuWindow, sampleRss } from './lib/sampler.mjs';
import { benchServiceEnv, freePort, startService } from './lib/service.mjs';
import { latencySummary } from './lib/stats.mjs';
import { waitUntil } from './lib/wait.mjs';

export const title = 'triage — decisions per second, and lag from registration to ComplaintTriaged';
export const packages = ['@redress/intake', '@redress/triage'];

const TARGETS = { decisionsPerSecond: 20_000, lagP99Ms: 500 };
// The benchmark keeps to its own namespace on the shared broker: the services get the prefix,
// the plain Kafka clients here use the prefixed names.
const NS = BENCH_TOPIC_PREFIX;
const INTAKE_TOPIC = `${NS}complaints.intake.v1`;
const TRIAGE_TOPIC = `${NS}complaints.triage.v1`;
const TRIAGE_READS = [
  INTAKE_TOPIC,
  `${NS}complaints.resolution.v1`,
  `${NS}complaints.followup.v1`,
  `${NS}complaints.analytics.v1`,
];

function settings(options) {
  const quick = Boolean(options.quick);
  return {
    decisionsS: quick ? 2 : 8,
    rate: 200,
    lagDurationS: options.rateDuration ?? (quick ? 5 : 30),
    warmupS: quick ? 2 : 15,
  };
}

export async function run(context) {
  const { repoRoot, options } = context;
  const plan = settings(options);
  const require = createRequire(import.meta.url);
  const rows = [];
  const details = { plan };

  // 1. Pure decisions.
  const domainEntry = join(repoRoot, 'apps/triage/dist/domain/index.js');
  if (!existsSync(domainEntry))
    throw new Error('apps/triage/dist is missing: the build did not produce it');
  const domain = require(domainEntry);
  const decisions = measureDecisions(domain, plan.decisionsS);
  details.decisions = decisions;
  rows.push({
    figure: 'pure triage decisions/s on one core (default policy)',
    value: Math.round(decisions.perSecond),
    unit: '/s',
    target: { min: TARGETS.decisionsPerSecond },
    note: `${decisions.corpus} complaints (simplified, traditional, English), ${decisions.count} decisions, ${decisions.microsEach.toFixed(1)} µs each`,
  });

  // 2. End-to-end lag through both services.
  const lag = await measureLag(context, plan, require);
  details.lag = lag.details;
  rows.push(...lag.rows);
  return { rows, details };
}

/** A mixed corpus: the texts customers send, in the three scripts the taxonomy knows. */
function corpus() {
  const texts = [
    ['product', '酸奶包装破损，里面有一只苍蝇，孩子已经喝了一口'],
    ['product', '產品包裝破損，裡面的餅乾發霉了'],
    ['product', 'The kettle stopped working after two days and the plug got burnt'],
    ['product', '手机充电时电池鼓包，差点起火，太危险了'],
    ['service', '客服态度很差，电话打了三次都没人处理'],
    ['service', 'Your support agent was rude and hung up on me twice'],
    ['logistics', '快递三天都没送到，物流信息一直不更新'],
    ['logistics', '包裹送到時外箱被壓壞，商品碎了'],
    ['billing', '同一笔订单被重复扣款两次，要求退款'],
    ['billing', 'I was charged twice for the same order, please refund'],
    ['property', '楼上漏水到我家天花板，物业一直不来维修'],
    ['staff', '维修师傅上门迟到两个小时还乱收费'],
    ['process', '退货流程太繁琐，要填五张表'],
    ['other', '请问你们的会员积分怎么兑换？'],
    ['other', 'I will contact a journalist if nobody answers me this week'],
    ['product', '整批奶粉都有异味，我们小区好几家都遇到了，准备找12315'],
  ];
  const tiers = [undefined, 'high', 'medium', 'low'];
  const facts = [];
  for (let i = 0; i < 2_000; i += 1) {
    const [type, description] = texts[i % texts.length];
    facts.push({
      complaintId: randomUUID(),
      registeredAt: new Date(Date.UTC(2026, 10, 20 + (i % 5), i % 24, i % 60)).toISOString(),
      subject: { type, ...(type === 'product' ? { productSku: `SKU-${i % 40}` } : {}) },
      ...(i % 3 === 0 ? { title: description.slice(0, 12) } : {}),
      description: `${description}（订单 ${100000 + i}）`,
      complainantCount: i % 17 === 0 ? 4 : 1,
      flags: {
        lawsuitFiled: i % 97 === 0,
        legalThreat: i % 31 === 0,
        mediaExposed: false,
        mediaThreat: i % 53 === 0,
        regulatorInvolved: false,
        safetyIncident: false,
      },
      ...(tiers[i % 4] ? { customerTier: tiers[i % 4] } : {}),
    });
  }
  return facts;
}

function measureDecisions(domain, seconds) {
  const compiled = domain.compilePolicy(domain.DEFAULT_TRIAGE_POLICY, 1);
  const facts = corpus();
  const contexts = [
    { status: 'open', clusterCount: 1, repeatAfterClosure: false },
    { status: 'open', clusterCount: 3, repeatAfterClosure: false },
    { status: 'open', clusterCount: 1, repeatAfterClosure: true },
  ];
  const now = new Date('2026-11-25T03:00:00Z');
  // Warm-up: let the JIT settle before anything counts.
  for (let i = 0; i < 20_000; i += 1)
    domain.triage(facts[i % facts.length], contexts[i % 3], compiled, now);
  let count = 0;
  let sink = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 1_000; i += 1, count += 1) {
      const decision = domain.triage(
        facts[count % facts.length],
        contexts[count % 3],
        compiled,
        now,
      );
      sink += decision.rulesFired.length;
    }
  }
  const elapsedS = (performance.now() - start) / 1000;
  if (sink === 0) throw new Error('no rule ever fired: the corpus or the policy is broken');
  return {
    count,
    corpus: facts.length,
    perSecond: count / elapsedS,
    microsEach: (elapsedS * 1e6) / count,
  };
}

async function measureLag(context, plan, require) {
  const { repoRoot, infra, options } = context;
  const { Kafka, logLevel } = require('kafkajs');
  const { serviceDatabaseUrl } = await import(
    pathToFileURL(join(repoRoot, 'infra/postgres/bootstrap.mjs')).href
  );
  const { signDevelopmentToken } = require('@redress/platform');
  const brokers = infra.kafkaBrokers.split(',');
  const kafka = new Kafka({
    clientId: `bench-triage-${randomUUID().slice(0, 8)}`,
    brokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  context.onCleanup(() => admin.disconnect());
  // The topics outlive benchmark runs (and tests): both the service's group and the reader start
  // where the topics end now, so only this run's complaints are read.
  const triageGroup = `bench-triage-${randomUUID().slice(0, 8)}`;
  const readerGroup = `${NS}bench-triage-reader-${randomUUID().slice(0, 8)}`;
  await ensureTopics(admin, [...TRIAGE_READS, TRIAGE_TOPIC]);
  await startAtEnd(admin, NS + triageGroup, TRIAGE_READS);
  await startAtEnd(admin, readerGroup, [TRIAGE_TOPIC]);
  // Intake learns the routing from triage's topic: from this run's decisions only.
  const intakeGroup = `bench-intake-${randomUUID().slice(0, 8)}`;
  await startAtEnd(admin, NS + intakeGroup, [TRIAGE_TOPIC]);

  const secret = randomBytes(32).toString('base64url');
  const commonEnv = () => benchServiceEnv({ kafkaBrokers: infra.kafkaBrokers, secret });
  const dbUrl = (role) => serviceDatabaseUrl(role, { db: infra.db, admin: infra.databaseAdminUrl });
  const nodeArgs = options.serviceNodeArgs ?? [];

  const intakePort = await freePort(options.port ?? 3101);
  say(`triage: starting intake on port ${intakePort}…`);
  const intake = await startService({
    name: 'intake',
    cwd: join(repoRoot, 'apps/intake'),
    entry: 'dist/main.js',
    port: intakePort,
    nodeArgs,
    env: {
      ...commonEnv(),
      PORT: String(intakePort),
      DATABASE_URL: dbUrl('intake'),
      INTAKE_DATA_KEY: randomBytes(32).toString('base64'),
      INTAKE_CUSTOMER_REF_KEY: randomBytes(32).toString('base64'),
      INTAKE_ACCESS_CODE_KEY: randomBytes(32).toString('base64'),
      INTAKE_CONSUMER_GROUP: intakeGroup,
    },
  });
  context.onCleanup(() => intake.stop());
  const triagePort = await freePort(intakePort + 1);
  say(`triage: starting triage on port ${triagePort} (consumer group ${triageGroup})…`);
  const startTriage = async () => {
    const service = await startService({
      name: 'triage',
      cwd: join(repoRoot, 'apps/triage'),
      entry: 'dist/main.js',
      port: triagePort,
      nodeArgs,
      env: {
        ...commonEnv(),
        PORT: String(triagePort),
        DATABASE_URL: dbUrl('triage'),
        TRIAGE_CONSUMER_GROUP: triageGroup,
      },
    });
    context.onCleanup(() => service.stop());
    return service;
  };
  let triage = await startTriage();

  // The reader: every ComplaintTriaged of this run, with the moment it was read, and the stamps
  // that split the lag into stages (all on this machine's clock): the Kafka timestamp of intake's
  // ComplaintRegistered (intake's relay produced it), the CloudEvent time of ComplaintTriaged
  // (triage appended it) and its Kafka timestamp (triage's relay produced it).
  const triagedAt = new Map();
  /** When each ComplaintEscalated was read: the clusters' "≥ 3 complainants" turning hot. */
  const escalatedAt = [];
  const stamps = new Map();
  const stampOf = (key) => stamps.get(key) ?? stamps.set(key, {}).get(key);
  const toPerf = (epochMs) => epochMs - performance.timeOrigin;
  const reader = kafka.consumer({ groupId: readerGroup, maxWaitTimeInMs: 50 });
  let joined = false;
  reader.on(reader.events.GROUP_JOIN, () => (joined = true));
  await reader.connect();
  context.onCleanup(() => reader.disconnect());
  await startAtEnd(admin, readerGroup, [INTAKE_TOPIC]);
  await reader.subscribe({ topics: [TRIAGE_TOPIC, INTAKE_TOPIC] });
  await reader.run({
    autoCommit: false,
    eachMessage: async ({ topic, message }) => {
      const seen = performance.now();
      const type = message.headers?.ce_type?.toString();
      const key = message.key?.toString();
      if (!key) return;
      if (topic !== TRIAGE_TOPIC) {
        if (type === 'ComplaintRegistered')
          stampOf(key).published = toPerf(Number(message.timestamp));
        return;
      }
      if (type === 'ComplaintEscalated') escalatedAt.push(seen);
      if (type !== 'ComplaintTriaged' || triagedAt.has(key)) return;
      triagedAt.set(key, seen);
      const stamp = stampOf(key);
      stamp.appended = toPerf(Date.parse(JSON.parse(message.value.toString()).time));
      stamp.relayed = toPerf(Number(message.timestamp));
    },
  });
  await waitUntil(() => joined, 30_000, 'the benchmark reader to join its group');
  await waitUntil(async () => (await ready(triagePort)) === true, 120_000, 'triage to be ready');

  const token = signDevelopmentToken({
    sub: 'bench-hotline-integration',
    roles: ['channel'],
    department: 'customer-service',
    secret,
    expiresIn: '4h',
    env: { NODE_ENV: 'development' },
  });
  // A catalogue of 1,000 SKUs: complaints spread as they do on a normal day. (With four SKUs,
  // every complaint joins one of four clusters, and the per-cluster lock that keeps the
  // "≥ 3 complainants" count exact serialises them: a product crisis, not a normal day.)
  const nextBody = complaintBodies(undefined, { productVariants: 250 });

  // Warm both services at the measured rate (JIT, pools, the consumer's first fetches, the
  // tables' first few thousand rows): 5–12 s after the load begins, triage's throughput dips
  // once (a backlog of 1–2 s builds and drains; not a GC pause, no statement slower than 80 ms),
  // and a steady state is what the target is about. The warm-up's lag is reported beside the
  // steady one, without a target.
  // One phase of load: registrations at the plan's rate for `durationS`, with intake's and
  // triage's CPU in each of its seconds (`triage` is read when the phase starts: after a restart,
  // the new process).
  const load = async (durationS) => {
    const cpu = cpuBySecond({ intake: intake.pid, triage: triage.pid });
    const result = await postAtRate({
      port: intakePort,
      token,
      nextBody,
      rate: plan.rate,
      durationS,
    });
    return { ...result, cpuMsBySecond: cpu.stop() };
  };
  /** Waits (at most 60 s) until every registration of a phase is triaged; late ones count as missing. */
  const untilTriaged = (phase, what) =>
    waitUntil(() => phase.acked.every(([id]) => triagedAt.has(id)), 60_000, what).catch(
      () => undefined,
    );
  /** The lags of a phase's registrations that were triaged. */
  const lagsOf = ({ acked }) =>
    acked.flatMap(([id, ackedAt]) => (triagedAt.has(id) ? [triagedAt.get(id) - ackedAt] : []));

  say(`triage: warming up, ${plan.rate}/s for ${plan.warmupS} s…`);
  const warm = await load(plan.warmupS);

  say(`triage: ${plan.rate} registrations/s for ${plan.lagDurationS} s, reading ${TRIAGE_TOPIC}…`);
  const rss = { intake: sampleRss(intake.pid), triage: sampleRss(triage.pid) };
  const cpu = cpuWindow(triage.pid);
  await cpu.start();
  const posted = await load(plan.lagDurationS);
  const cpuUsed = await cpu.stop();
  await untilTriaged(posted, 'every registration of the run to be triaged');
  const rssPeak = { intake: rss.intake.stop(), triage: rss.triage.stop() };

  // A fresh triage process (issue 15's cold start) without the clusters forming: stopped, started
  // again in the same group (it resumes where the first left off), and loaded at the same rate
  // the moment it reports ready.
  say(`triage: restarting triage, then ${plan.rate}/s for ${plan.warmupS} s…`);
  await triage.stop();
  const restartedAt = performance.now();
  triage = await startTriage();
  await waitUntil(async () => (await ready(triagePort)) === true, 120_000, 'triage to be ready');
  const restartMs = performance.now() - restartedAt;
  const afterRestart = await load(plan.warmupS);
  await untilTriaged(afterRestart, 'every registration after the restart to be triaged');
  const restartLags = lagsOf(afterRestart);
  const restartSummary = latencySummary(restartLags);
  const restartStages = lagStages(afterRestart.acked, stamps, triagedAt);
  const escalationsIn = ({ acked }) => {
    const from = acked[0]?.[1] ?? 0;
    const to = (acked[acked.length - 1]?.[1] ?? 0) + 5_000;
    return escalatedAt.filter((at) => at >= from && at <= to).length;
  };

  const warmLags = lagsOf(warm);
  const warmSummary = latencySummary(warmLags);
  const warmStages = lagStages(warm.acked, stamps, triagedAt);
  const lags = lagsOf(posted);
  const missing = posted.acked.length - lags.length;
  const summary = latencySummary(lags);
  const stages = lagStages(posted.acked, stamps, triagedAt);
  const rows = [
    {
      figure: `registrations posted to intake at ${plan.rate}/s (201 received)`,
      value: posted.acked.length,
      note: `achieved ${posted.achievedRate.toFixed(0)}/s; other answers ${posted.failed}`,
    },
    { figure: 'lag 201 → ComplaintTriaged read, p50', value: summary.p50, unit: 'ms' },
    {
      figure: 'lag 201 → ComplaintTriaged read, p99',
      value: summary.p99,
      unit: 'ms',
      target: { below: TARGETS.lagP99Ms },
    },
    { figure: 'lag, largest', value: summary.max, unit: 'ms' },
    {
      figure: `lag in the first ${plan.warmupS} s after a restart, p50`,
      value: restartSummary.p50,
      unit: 'ms',
    },
    {
      figure: `lag in the first ${plan.warmupS} s after a restart, p99`,
      value: restartSummary.p99,
      unit: 'ms',
      target: { below: TARGETS.lagP99Ms },
      note: `issue 15: a fresh process, ready ${Math.round(restartMs)} ms after the stop; ${restartLags.length} complaints, ${escalationsIn(afterRestart)} escalations; stages p50 / p99: ${stageText(restartStages)}; triage CPU per second ${cpuText(afterRestart.cpuMsBySecond)} (steady ${cpuText(posted.cpuMsBySecond)})`,
    },
    {
      figure: `lag in the first ${plan.warmupS} s of load after the first start, p50 / p99`,
      value: `${Math.round(warmSummary.p50)} / ${Math.round(warmSummary.p99)}`,
      unit: 'ms',
      note: `the product clusters forming: ${escalationsIn(warm)} complaints escalated as their clusters reached 3 complainants; ${warmLags.length} complaints; stages p50 / p99: ${stageText(warmStages)}`,
    },
    ...Object.entries(stages).map(([stage, s]) => ({
      figure: `  stage ${stage}, p50 / p99`,
      value: `${Math.round(s.p50)} / ${Math.round(s.p99)}`,
      unit: 'ms',
    })),
    {
      figure: 'RSS at most during the run: intake / triage',
      value: `${Math.round(rssPeak.intake.maxMb)} / ${Math.round(rssPeak.triage.maxMb)}`,
      unit: 'MB',
    },
    {
      figure: 'triage CPU during the run (cores of 2)',
      value: cpuUsed?.service?.cores,
    },
    {
      figure: 'registrations never triaged within 60 s, and failed posts',
      value: missing + posted.failed,
      target: { equals: 0 },
    },
  ];
  return {
    rows,
    details: {
      triageGroup,
      lags: summary,
      warmupLags: warmSummary,
      warmupStages: warmStages,
      warmupBySecond: lagBySecond(warm.acked, triagedAt),
      restart: {
        readyAfterStopMs: restartMs,
        lags: restartSummary,
        stages: restartStages,
        bySecond: lagBySecond(afterRestart.acked, triagedAt),
        cpuMsBySecond: afterRestart.cpuMsBySecond,
      },
      steadyCpuMsBySecond: posted.cpuMsBySecond,
      stages,
      missing,
      failed: posted.failed,
      rssMb: rssPeak,
      triageCpu: cpuUsed,
    },
  };
}

/** Triage's CPU in each second as text: the first ten seconds one by one, then the mean. */
function cpuText(seconds) {
  const ms = seconds.map((second) => second.triage).filter((v) => v !== undefined);
  if (ms.length === 0) return 'unknown';
  const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
  return `${ms.slice(0, 10).map(Math.round).join(' ')} ms, mean ${Math.round(mean)} ms`;
}

/** Stages as `name p50 / p99` text. */
function stageText(stages) {
  return Object.entries(stages)
    .map(([stage, s]) => `${stage} ${Math.round(s.p50)} / ${Math.round(s.p99)}`)
    .join(', ');
}

/** The lag of the registrations answered in each second of a phase (count, p50, max): where in
 * the phase a backlog built up. */
function lagBySecond(acked, triagedAt) {
  if (acked.length === 0) return [];
  const start = acked[0][1];
  const seconds = [];
  for (const [id, ackedAt] of acked) {
    const seen = triagedAt.get(id);
    if (seen === undefined) continue;
    const second = Math.floor((ackedAt - start) / 1000);
    (seconds[second] ??= []).push(seen - ackedAt);
  }
  return [...seconds].map((lags = [], second) => {
    const { p50, max } = latencySummary(lags);
    return { second, count: lags.length, p50, max };
  });
}

/**
 * The lag split where the stamps allow: intake's relay (201 → ComplaintRegistered on its topic),
 * triage's consumer and decision (→ ComplaintTriaged appended), triage's relay (→ on its topic)
 * and the read. Clocks are the same machine's; Kafka and CloudEvent stamps are milliseconds.
 */
function lagStages(acked, stamps, triagedAt) {
  const parts = {
    '201 → registration on intake topic': [],
    'intake topic → triage appended': [],
    'triage appended → on triage topic': [],
    'triage topic → read': [],
  };
  const names = Object.keys(parts);
  for (const [id, ackedAt] of acked) {
    const s = stamps.get(id);
    const read = triagedAt.get(id);
    if (!s || s.published === undefined || read === undefined) continue;
    const points = [ackedAt, s.published, s.appended, s.relayed, read];
    names.forEach((name, i) => parts[name].push(points[i + 1] - points[i]));
  }
  return Object.fromEntries(names.map((name) => [name, latencySummary(parts[name])]));
}

/** Posts registrations evenly spaced at `rate`/s; the 201s with the moment each was received. */
function postAtRate({ port, token, nextBody, rate, durationS }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const total = Math.round(rate * durationS);
  const acked = [];
  let failed = 0;
  let settled = 0;
  return new Promise((resolve) => {
    const start = performance.now();
    let issued = 0;
    const finish = () => {
      agent.destroy();
      const elapsedS = (performance.now() - start) / 1000;
      resolve({ acked, failed, achievedRate: acked.length / elapsedS });
    };
    const send = () => {
      const body = nextBody();
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/complaints',
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const at = performance.now();
            if (res.statusCode === 201) {
              acked.push([JSON.parse(Buffer.concat(chunks).toString()).complaintId, at]);
            } else failed += 1;
            if (++settled === total) finish();
          });
        },
      );
      req.on('error', () => {
        failed += 1;
        if (++settled === total) finish();
      });
      req.end(body);
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
      while (issued < due) {
        issued += 1;
        send();
      }
      if (issued < total) setTimeout(tick, 2);
    };
    tick();
  });
}

async function ready(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
    return res.ok;
  } catch {
    return false;
  }
}
