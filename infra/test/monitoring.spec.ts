import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectDefaultMetrics } from 'prom-client';
import {
  Registry,
  createHttpMetrics,
  registerConsumerMetrics,
  registerOutboxLag,
  registerOutboxQuarantine,
  registerTimerMetrics,
} from '@redress/platform';
import { TIMER_KINDS } from '../../apps/resolution/src/domain/sla-clocks.policy';
import { K8S, named, ofKind, readRepoFile, render, type K8sObject } from './render';
import { SERVICES } from './services';
import { selects, type LabelSelector } from './network-model';

type Rule = {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};
type PrometheusRule = K8sObject & { spec: { groups: { name: string; rules: Rule[] }[] } };
type Panel = {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { uid: string };
  targets?: { expr: string; datasource?: { uid: string } }[];
};

/**
 * The Kafka exporter's metrics that the rules and the dashboard read (Strimzi runs the
 * kafka_exporter project; its README lists them), and Prometheus' own `up`.
 */
const KAFKA_EXPORTER_METRICS = [
  'kafka_consumergroup_lag',
  'kafka_consumergroup_current_offset',
  'kafka_topic_partition_current_offset',
  'kafka_topic_partition_oldest_offset',
];

/** Every metric a service exposes: the platform's registrations on a registry, as in the apps. */
async function serviceMetricNames(): Promise<Set<string>> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  createHttpMetrics(registry);
  registerConsumerMetrics(registry, { stats: () => ({ deadLettered: 0, retried: 0 }) });
  registerOutboxLag(registry, { lag: async () => 0 });
  registerOutboxQuarantine(registry, { status: () => ({ quarantined: {} }) });
  registerTimerMetrics(registry, {
    onFiring: () => () => undefined,
    backlog: async () => ({ overdue: 0, parked: 0 }),
  });
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram') {
      for (const suffix of ['_bucket', '_count', '_sum']) names.add(`${metric.name}${suffix}`);
    }
  }
  return names;
}

const PROMQL_WORDS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'count',
  'by',
  'without',
  'and',
  'or',
  'unless',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'rate',
  'irate',
  'increase',
  'deriv',
  'delta',
  'histogram_quantile',
  'min_over_time',
  'max_over_time',
  'avg_over_time',
  'absent',
  'topk',
  'label_values',
  'le',
]);

/** The metric names of a PromQL expression: identifiers outside strings, selectors and groupings. */
export function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, ' ')
    .replace(/\$\w+/g, ' ');
  const identifiers = bare.match(/[A-Za-z_:][A-Za-z0-9_:]*/g) ?? [];
  return [...new Set(identifiers.filter((word) => !PROMQL_WORDS.has(word)))];
}

/** Labels an expression's result keeps: those of its `by (…)` groupings. */
function groupingLabels(expr: string): Set<string> {
  const labels = [...expr.matchAll(/\bby\s*\(([^)]*)\)/g)].flatMap((m) =>
    (m[1] as string).split(',').map((label) => label.trim()),
  );
  return new Set(labels.filter(Boolean));
}

/** `label=~"a|b|c"` and `label="a"` matchers of an expression, by label. */
function matcherValues(expr: string, label: string): string[][] {
  return [...expr.matchAll(new RegExp(`\\b${label}\\s*=~?\\s*"([^"]*)"`, 'g'))].map((m) =>
    (m[1] as string).split('|'),
  );
}

/** GitHub's anchors of a Markdown file's headings. */
function anchorsOf(markdown: string): Set<string> {
  return new Set(
    [...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) =>
      (m[1] as string)
        .toLowerCase()
        .replace(/`/g, '')
        .replace(/[^\p{L}\p{N}\s-]/gu, '')
        .trim()
        .replace(/\s/g, '-'),
    ),
  );
}

describe('monitoring in overlays/production', () => {
  let objects: K8sObject[];
  let rules: Rule[];
  let dashboard: { panels: Panel[]; templating: { list: { name: string }[] } };
  let known: Set<string>;

  beforeAll(async () => {
    objects = render('overlays/production');
    rules = ofKind<PrometheusRule>(objects, 'PrometheusRule').flatMap((r) =>
      r.spec.groups.flatMap((g) => g.rules),
    );
    dashboard = JSON.parse(
      readFileSync(join(K8S, 'monitoring/dashboards/redress-overview.json'), 'utf8'),
    ) as typeof dashboard;
    known = new Set([...(await serviceMetricNames()), ...KAFKA_EXPORTER_METRICS, 'up']);
  });

  const dashboardExprs = () =>
    dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((t) => t.expr));

  it('alerts on consumer lag, dead letters, outbox lag, SLA breaches and overdue timers', () => {
    const exprs = rules.map((r) => r.expr).join('\n');
    for (const metric of [
      'kafka_consumergroup_lag',
      'redress_consumer_dead_lettered_total',
      'redress_outbox_lag_events',
      'redress_outbox_quarantined_total',
      'redress_timers_fired_total',
      'redress_timers_overdue',
      'redress_timers_parked',
    ]) {
      expect(exprs).toContain(metric);
    }
  });

  it('reads only metrics that exist: the services’, the Kafka exporter’s and up', () => {
    const used = [...rules.map((r) => r.expr), ...dashboardExprs()].flatMap(metricNamesIn);
    expect(used.length).toBeGreaterThan(20);
    expect([...new Set(used.filter((name) => !known.has(name)))]).toEqual([]);
  });

  it('names real services, consumer groups, Deployments and timer kinds in its matchers', () => {
    const exprs = [...rules.map((r) => r.expr), ...dashboardExprs()];
    const services = new Set(SERVICES.map((s) => s.metricsService));
    const groups = new Set(SERVICES.map((s) => s.consumerGroup));
    // The services' Deployments: the console's nginx has no metrics and is not scraped.
    const apps = new Set(SERVICES.map((s) => s.app));
    const deployments = new Set(
      ofKind(objects, 'Deployment')
        .map((d) => d.metadata.name)
        .filter((name) => apps.has(name)),
    );
    const kinds = new Set<string>(Object.values(TIMER_KINDS));
    for (const expr of exprs) {
      for (const values of matcherValues(expr, 'service')) {
        if (values.join('|') === '$service') continue;
        for (const value of values) expect([expr, services.has(value)]).toEqual([expr, true]);
      }
      for (const values of matcherValues(expr, 'consumergroup')) {
        if (values.some((v) => /[.*+\\]/.test(v))) continue;
        expect(new Set(values)).toEqual(groups);
      }
      for (const values of matcherValues(expr, 'job')) expect(new Set(values)).toEqual(deployments);
      for (const values of matcherValues(expr, 'kind')) {
        for (const value of values) expect([value, kinds.has(value)]).toEqual([value, true]);
      }
    }
  });

  it('gives every alert a severity, words for the pager and a runbook section that exists', () => {
    const anchors = anchorsOf(readRepoFile('docs/operations.md'));
    expect(rules.length).toBeGreaterThanOrEqual(8);
    for (const rule of rules) {
      expect([rule.alert, rule.labels?.['severity']]).toEqual([
        rule.alert,
        expect.stringMatching(/^(warning|critical)$/),
      ]);
      expect(rule.annotations?.['summary']).toBeTruthy();
      expect(rule.annotations?.['description']).toBeTruthy();
      const runbook = rule.annotations?.['runbook'] ?? '';
      expect(runbook).toMatch(/^docs\/operations\.md#/);
      expect([rule.alert, anchors.has(runbook.split('#')[1] as string)]).toEqual([
        rule.alert,
        true,
      ]);
    }
  });

  it('uses in its messages only labels its expression keeps', () => {
    for (const rule of rules) {
      const kept = groupingLabels(rule.expr);
      const used = Object.values(rule.annotations ?? {}).flatMap((text) =>
        [...text.matchAll(/\$labels\.(\w+)/g)].map((m) => m[1] as string),
      );
      for (const label of used)
        expect([rule.alert, label, kept.has(label)]).toEqual([rule.alert, label, true]);
    }
  });

  it('scrapes every Service on its http port, and the Kafka exporter', () => {
    const monitor = named<
      K8sObject & {
        spec: { selector: LabelSelector; endpoints: { port: string }[] };
      }
    >(objects, 'ServiceMonitor', 'redress-services');
    const services = ofKind<K8sObject & { spec: { ports: { name: string }[] } }>(
      objects,
      'Service',
    );
    const scraped = services.filter((service) =>
      selects(monitor.spec.selector, service.metadata.labels ?? {}),
    );
    // Every service, not the console (nginx serving files: no /metrics).
    expect(scraped.map((s) => s.metadata.name).sort()).toEqual(SERVICES.map((s) => s.app).sort());
    expect(services.map((s) => s.metadata.name)).toContain('console');
    for (const service of scraped) {
      for (const endpoint of monitor.spec.endpoints) {
        expect(service.spec.ports.map((p) => p.name)).toContain(endpoint.port);
      }
    }
    const [kafka] = ofKind<K8sObject & { spec: { kafkaExporter?: object } }>(objects, 'Kafka');
    expect(kafka?.spec.kafkaExporter).toBeDefined();
    const podMonitor = named<
      K8sObject & { spec: { selector: { matchLabels: Record<string, string> } } }
    >(objects, 'PodMonitor', 'redress-kafka-exporter');
    expect(podMonitor.spec.selector.matchLabels).toEqual({
      'strimzi.io/name': `${kafka?.metadata.name}-kafka-exporter`,
    });
  });

  it('ships the Grafana dashboard as a ConfigMap its sidecar finds', () => {
    const configMap = named<K8sObject & { data: Record<string, string> }>(
      objects,
      'ConfigMap',
      'redress-grafana-dashboards',
    );
    expect(configMap.metadata.labels?.['grafana_dashboard']).toBe('1');
    expect(JSON.parse(configMap.data['redress-overview.json'] as string)).toEqual(dashboard);
  });

  it('lays the dashboard out on Grafana’s grid, every query on the chosen data source', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'service']);
    for (const panel of dashboard.panels) {
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      if (panel.type === 'row') continue;
      expect(panel.datasource?.uid).toBe('${datasource}');
      expect(panel.targets?.length).toBeGreaterThan(0);
      for (const target of panel.targets ?? [])
        expect(target.datasource?.uid).toBe('${datasource}');
    }
  });
});

describe('metricNamesIn', () => {
  it('finds the metrics and leaves functions, labels, strings and ranges out', () => {
    expect(
      metricNamesIn(
        'sum by (service, le) (rate(http_request_duration_seconds_bucket{service=~"a|b", le="0.5"}[5m])) / on (service) up',
      ),
    ).toEqual(['http_request_duration_seconds_bucket', 'up']);
  });
});
