import { dirname, basename } from 'node:path';
import { TOPICS, deadLetterTopic, retryTopic } from '@redress/contracts';
import { deadLetterReplayGroup } from '@redress/messaging';
import { allowed, ruleLine, type AclRule, type KafkaUser } from './kafka-acl';
import { named, ofKind, render, type K8sObject } from './render';
import { SERVICES, type ServiceFacts } from './services';
import { environmentOf, type Container, type Workload } from './workloads';

type Listener = {
  name: string;
  port: number;
  tls: boolean;
  authentication?: { type: string };
  networkPolicyPeers?: {
    podSelector?: { matchExpressions?: { key: string; values: string[] }[] };
  }[];
};
type Kafka = K8sObject & {
  spec: { kafka: { listeners: Listener[]; authorization?: { type: string } } };
};
type KafkaTopic = K8sObject & {
  spec: {
    topicName: string;
    partitions: number;
    replicas: number;
    config?: Record<string, unknown>;
  };
};

const rule = (
  type: AclRule['resource']['type'],
  name: string,
  operations: string[],
  patternType: 'literal' | 'prefix' = 'literal',
): string => ruleLine({ resource: { type, name, patternType }, operations });

/** The ACLs a service needs, from what its code does (services.ts). */
function expectedRules(service: ServiceFacts): string[] {
  const readsOwn = service.subscribed.includes(service.ownTopic);
  const rules = [
    rule(
      'topic',
      service.ownTopic,
      readsOwn ? ['Write', 'Read', 'Describe'] : ['Write', 'Describe'],
    ),
    ...service.subscribed
      .filter((topic) => topic !== service.ownTopic)
      .map((topic) => rule('topic', topic, ['Read', 'Describe'])),
    rule('topic', deadLetterTopic(service.consumerGroup), ['Write', 'Describe']),
    rule('topic', retryTopic(service.consumerGroup), ['Read', 'Describe']),
    rule('group', service.consumerGroup, ['Read', 'Describe']),
  ];
  // Rebuilds replay topics in groups of a single use, deleted after (TopicReplay).
  if (service.replayGroupPrefix !== undefined) {
    rules.push(rule('group', service.replayGroupPrefix, ['Read', 'Describe', 'Delete'], 'prefix'));
  }
  return rules.sort();
}

const ALL_TOPICS = [
  ...Object.values(TOPICS),
  ...SERVICES.flatMap((s) => [deadLetterTopic(s.consumerGroup), retryTopic(s.consumerGroup)]),
];

describe.each(['overlays/local', 'overlays/production'] as const)(
  'Kafka security of %s',
  (overlay) => {
    let objects: K8sObject[];
    let kafka: Kafka;
    let users: KafkaUser[];

    beforeAll(() => {
      objects = render(overlay);
      [kafka] = ofKind<Kafka>(objects, 'Kafka') as [Kafka];
      users = ofKind<KafkaUser>(objects, 'KafkaUser');
    });

    it('listens only on TLS with SCRAM-SHA-512, and enforces ACLs', () => {
      expect(kafka.spec.kafka.listeners).toHaveLength(1);
      expect(kafka.spec.kafka.listeners[0]).toMatchObject({
        tls: true,
        authentication: { type: 'scram-sha-512' },
      });
      expect(kafka.spec.kafka.authorization).toEqual({ type: 'simple' });
    });

    it('ties every KafkaUser, KafkaTopic and node pool to the cluster', () => {
      for (const object of [
        ...users,
        ...ofKind(objects, 'KafkaTopic'),
        ...ofKind(objects, 'KafkaNodePool'),
      ]) {
        expect(object.metadata.labels?.['strimzi.io/cluster']).toBe(kafka.metadata.name);
      }
    });

    it.each(SERVICES.map((s) => [s.app, s] as const))(
      '%s gets exactly the ACLs its code needs, and nothing of the others',
      (_app, service) => {
        const user = users.find((u) => u.metadata.name === service.clientId);
        expect(user?.spec.authentication).toEqual({ type: 'scram-sha-512' });
        const granted = (user as KafkaUser).spec.authorization.acls.map(ruleLine).sort();
        expect(granted).toEqual(expectedRules(service));

        const me = user as KafkaUser;
        for (const topic of ALL_TOPICS) {
          expect(allowed(me, 'Create', 'topic', topic)).toBe(false);
          expect(allowed(me, 'Delete', 'topic', topic)).toBe(false);
          expect(allowed(me, 'Write', 'topic', topic)).toBe(
            topic === service.ownTopic || topic === deadLetterTopic(service.consumerGroup),
          );
          expect(allowed(me, 'Read', 'topic', topic)).toBe(
            service.subscribed.includes(topic) || topic === retryTopic(service.consumerGroup),
          );
        }
        for (const other of SERVICES.filter((s) => s !== service)) {
          expect(allowed(me, 'Read', 'group', other.consumerGroup)).toBe(false);
          expect(allowed(me, 'Read', 'group', deadLetterReplayGroup(service.consumerGroup))).toBe(
            false,
          );
        }
        expect(allowed(me, 'Alter', 'cluster')).toBe(false);
        expect(allowed(me, 'IdempotentWrite', 'cluster')).toBe(false);
      },
    );

    it('lets the operators’ user replay dead letters and nothing else', () => {
      const operator = named<KafkaUser>(objects, 'KafkaUser', 'redress-operator');
      expect(operator.spec.authorization.acls.map(ruleLine).sort()).toEqual(
        [
          rule('topic', 'complaints.dlq.', ['Read', 'Describe'], 'prefix'),
          rule('topic', 'complaints.retry.', ['Write', 'Describe'], 'prefix'),
          ...SERVICES.map((s) =>
            rule(
              'group',
              deadLetterReplayGroup(s.consumerGroup),
              ['Read', 'Describe', 'Delete'],
              'prefix',
            ),
          ),
        ].sort(),
      );
      for (const service of SERVICES) {
        expect(allowed(operator, 'Read', 'topic', deadLetterTopic(service.consumerGroup))).toBe(
          true,
        );
        expect(allowed(operator, 'Write', 'topic', retryTopic(service.consumerGroup))).toBe(true);
        expect(allowed(operator, 'Write', 'topic', service.ownTopic)).toBe(false);
        expect(allowed(operator, 'Read', 'group', service.consumerGroup)).toBe(false);
      }
      expect(users.map((u) => u.metadata.name).sort()).toEqual(
        [...SERVICES.map((s) => s.clientId), 'redress-operator'].sort(),
      );
    });

    it('declares every topic a user may use, since no user may create one', () => {
      const declared = new Map(
        ofKind<KafkaTopic>(objects, 'KafkaTopic').map((t) => [t.spec.topicName, t] as const),
      );
      const literalTopics = users.flatMap((user) =>
        user.spec.authorization.acls
          .filter((acl) => acl.resource.type === 'topic' && acl.resource.patternType !== 'prefix')
          .map((acl) => acl.resource.name as string),
      );
      expect(literalTopics.filter((topic) => !declared.has(topic))).toEqual([]);
      expect([...declared.keys()].sort()).toEqual([...ALL_TOPICS].sort());
    });

    it('gives dead-letter and retry topics the partitions the services would have created them with', () => {
      const shared = environmentOf(objects, named<Workload>(objects, 'Deployment', 'intake'));
      const nodes = ofKind<K8sObject & { spec: { replicas: number } }>(objects, 'KafkaNodePool');
      const brokers = nodes.reduce((sum, pool) => sum + pool.spec.replicas, 0);
      for (const topic of ofKind<KafkaTopic>(objects, 'KafkaTopic')) {
        expect([topic.spec.topicName, topic.spec.partitions]).toEqual([
          topic.spec.topicName,
          Number(shared.get('KAFKA_PARTITIONS')),
        ]);
        expect(topic.spec.replicas).toBeLessThanOrEqual(brokers);
        expect(Number(topic.spec.config?.['min.insync.replicas'])).toBeLessThanOrEqual(
          topic.spec.replicas,
        );
        expect(topic.spec.config?.['retention.ms']).toBe(-1);
      }
    });

    it.each(SERVICES.map((s) => [s.app, s] as const))(
      '%s logs in as its KafkaUser over TLS, trusting the cluster CA',
      (_app, service) => {
        const deployment = named<Workload>(objects, 'Deployment', service.app);
        const env = environmentOf(objects, deployment);
        const listener = kafka.spec.kafka.listeners[0] as Listener;
        expect(env.get('KAFKA_BROKERS')).toBe(
          `${kafka.metadata.name}-kafka-bootstrap:${listener.port}`,
        );
        expect(env.get('KAFKA_SSL')).toBe('true');
        expect(env.get('KAFKA_SASL_MECHANISM')).toBe(listener.authentication?.type);
        expect(env.get('KAFKA_SASL_USERNAME')).toBe(service.clientId);
        expect(env.get('KAFKA_SASL_PASSWORD')).toBe(`secret:${service.clientId}/password`);

        const caFile = env.get('KAFKA_SSL_CA_FILE') as string;
        const { spec } = deployment.spec.template;
        const mount = (spec.containers[0] as Container).volumeMounts?.find(
          (m) => m.mountPath === dirname(caFile),
        );
        const volume = spec.volumes?.find((v) => v.name === mount?.name);
        expect(volume?.secret).toEqual({
          secretName: `${kafka.metadata.name}-cluster-ca-cert`,
          items: [{ key: 'ca.crt', path: basename(caFile) }],
        });

        // The listener's generated NetworkPolicy admits the service's pods.
        const peers = listener.networkPolicyPeers ?? [];
        const admitted = peers.flatMap((peer) =>
          (peer.podSelector?.matchExpressions ?? [])
            .filter((e) => e.key === 'app.kubernetes.io/name')
            .flatMap((e) => e.values),
        );
        expect(admitted).toContain(
          deployment.spec.template.metadata.labels['app.kubernetes.io/name'],
        );
      },
    );
  },
);
