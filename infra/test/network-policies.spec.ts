import { NetworkModel, type Endpoint, type NetworkPolicy } from './network-model';
import { named, ofKind, render, type K8sObject } from './render';
import { SERVICES } from './services';
import { podLabels, workloads, type Container, type Workload } from './workloads';

type Kafka = K8sObject & {
  spec: { kafka: { listeners: { port: number; networkPolicyPeers?: unknown[] }[] } };
};

const NAMESPACE = 'redress';

/**
 * The ingress policy Strimzi generates for the brokers (its network policy generation, on by
 * default): the controller (9090) and replication (9091) ports for Strimzi's own pods and its
 * cluster operator, each listener's port for that listener's networkPolicyPeers.
 */
function strimziBrokerPolicy(kafka: Kafka): NetworkPolicy {
  const cluster = kafka.metadata.name;
  const strimziPods = (name: string) => ({
    podSelector: { matchLabels: { 'strimzi.io/name': name } },
  });
  const clusterOperator = {
    namespaceSelector: {},
    podSelector: { matchLabels: { 'strimzi.io/kind': 'cluster-operator' } },
  };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `${cluster}-network-policy-kafka`, namespace: NAMESPACE },
    spec: {
      podSelector: {
        matchLabels: { 'strimzi.io/cluster': cluster, 'strimzi.io/name': `${cluster}-kafka` },
      },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [strimziPods(`${cluster}-kafka`), clusterOperator],
          ports: [{ protocol: 'TCP', port: 9090 }],
        },
        {
          from: [
            strimziPods(`${cluster}-kafka`),
            strimziPods(`${cluster}-entity-operator`),
            strimziPods(`${cluster}-kafka-exporter`),
            clusterOperator,
          ],
          ports: [{ protocol: 'TCP', port: 9091 }],
        },
        ...kafka.spec.kafka.listeners.map((listener) => ({
          ...(listener.networkPolicyPeers ? { from: listener.networkPolicyPeers as [] } : {}),
          ports: [{ protocol: 'TCP', port: listener.port }],
        })),
      ],
    },
  };
}

let nextIp = 10;
function pod(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  ports: number[] = [],
): Endpoint {
  nextIp += 1;
  return {
    name,
    namespace,
    labels,
    ip: `10.244.0.${nextIp}`,
    ports: ports.map((containerPort) => ({ containerPort })),
  };
}

function fromWorkload(workload: Workload): Endpoint {
  nextIp += 1;
  return {
    name: workload.metadata.name,
    namespace: NAMESPACE,
    labels: podLabels(workload),
    ip: `10.244.0.${nextIp}`,
    ports: workload.spec.template.spec.containers.flatMap((c: Container) => c.ports ?? []),
  };
}

describe.each(['overlays/local', 'overlays/production'] as const)(
  'NetworkPolicies of %s',
  (overlay) => {
    let objects: K8sObject[];
    let model: NetworkModel;
    let kafka: Kafka;
    const ext: Record<string, Endpoint> = {};
    let pods: Record<string, Endpoint>;

    beforeAll(() => {
      objects = render(overlay);
      [kafka] = ofKind<Kafka>(objects, 'Kafka') as [Kafka];
      const cluster = kafka.metadata.name;
      const pg = ofKind(objects, 'Cluster')[0]?.metadata.name as string;
      model = new NetworkModel(
        [...ofKind<NetworkPolicy>(objects, 'NetworkPolicy'), strimziBrokerPolicy(kafka)],
        NAMESPACE,
      );
      pods = {
        ...Object.fromEntries(workloads(objects).map((w) => [w.metadata.name, fromWorkload(w)])),
        broker: pod(
          'broker',
          NAMESPACE,
          {
            'strimzi.io/cluster': cluster,
            'strimzi.io/kind': 'Kafka',
            'strimzi.io/name': `${cluster}-kafka`,
            'strimzi.io/broker-role': 'true',
            'strimzi.io/controller-role': 'true',
          },
          [9090, 9091, 9093],
        ),
        entityOperator: pod('entity-operator', NAMESPACE, {
          'strimzi.io/cluster': cluster,
          'strimzi.io/kind': 'Kafka',
          'strimzi.io/name': `${cluster}-entity-operator`,
        }),
        exporter: pod(
          'kafka-exporter',
          NAMESPACE,
          {
            'strimzi.io/cluster': cluster,
            'strimzi.io/kind': 'Kafka',
            'strimzi.io/name': `${cluster}-kafka-exporter`,
          },
          [9404],
        ),
        postgres: pod(
          'postgres-1',
          NAMESPACE,
          { 'cnpg.io/cluster': pg, 'cnpg.io/podRole': 'instance' },
          [5432, 8000, 9187],
        ),
        postgresReplica: pod(
          'postgres-2',
          NAMESPACE,
          { 'cnpg.io/cluster': pg, 'cnpg.io/podRole': 'instance' },
          [5432, 8000],
        ),
        ops: pod('redress-ops', NAMESPACE, { 'app.kubernetes.io/name': 'redress-ops' }),
        debug: pod('debug', NAMESPACE, { run: 'debug' }),
        ingress: pod('ingress-nginx-controller', 'ingress-nginx', {
          'app.kubernetes.io/name': 'ingress-nginx',
        }),
        prometheus: pod('prometheus', 'monitoring', { 'app.kubernetes.io/name': 'prometheus' }),
        dns: pod('coredns', 'kube-system', { 'k8s-app': 'kube-dns' }, [53]),
        cnpgOperator: pod('cnpg-operator', 'cnpg-system', {
          'app.kubernetes.io/name': 'cloudnative-pg',
        }),
        strimziOperator: pod('strimzi-cluster-operator', 'strimzi', {
          'strimzi.io/kind': 'cluster-operator',
        }),
        stranger: pod('stranger', 'other-team', { app: 'stranger' }),
      };
      ext['apiServer'] = { name: 'kube-apiserver', labels: {}, ip: '172.18.0.2' };
      ext['identityProvider'] = { name: 'identity provider', labels: {}, ip: '203.0.113.10' };
      ext['internet'] = { name: 'somewhere', labels: {}, ip: '198.51.100.7' };
    });

    const p = (name: string): Endpoint => pods[name] as Endpoint;

    it('isolates every pod of the namespace in both directions', () => {
      for (const endpoint of Object.values(pods).filter((e) => e.namespace === NAMESPACE)) {
        expect([endpoint.name, model.isolating(endpoint, 'Ingress').length > 0]).toEqual([
          endpoint.name,
          true,
        ]);
        expect([endpoint.name, model.isolating(endpoint, 'Egress').length > 0]).toEqual([
          endpoint.name,
          true,
        ]);
      }
    });

    it.each(SERVICES.map((s) => [s.app, s] as const))(
      'lets %s do its work and nothing more',
      (app, service) => {
        const me = p(app);
        expect(model.allows(me, p('postgres'), 5432)).toBe(true);
        expect(model.allows(me, p('broker'), 9093)).toBe(true);
        expect(model.allows(me, p('dns'), 53, 'UDP')).toBe(true);
        expect(model.allows(me, p('dns'), 53, 'TCP')).toBe(true);
        expect(model.allows(p('ingress'), me, service.port)).toBe(true);
        expect(model.allows(p('prometheus'), me, service.port)).toBe(true);

        expect(model.allows(me, p('postgres'), 8000)).toBe(false);
        expect(model.allows(me, p('broker'), 9091)).toBe(false);
        expect(model.allows(me, p('broker'), 9090)).toBe(false);
        expect(model.allows(me, ext['apiServer'] as Endpoint, 6443)).toBe(false);
        expect(model.allows(me, ext['internet'] as Endpoint, 443)).toBe(false);
        expect(model.allows(p('stranger'), me, service.port)).toBe(false);
        expect(model.allows(p('debug'), me, service.port)).toBe(false);
        expect(model.allows(p('ingress'), me, service.port + 1000)).toBe(false);
        for (const other of SERVICES.filter((s) => s !== service)) {
          expect([other.app, model.allows(me, p(other.app), other.port)]).toEqual([
            other.app,
            false,
          ]);
        }
        // Production fetches the identity provider's keys (AUTH_JWKS_URL); local uses HS256.
        expect(model.allows(me, ext['identityProvider'] as Endpoint, 443)).toBe(
          overlay === 'overlays/production',
        );
      },
    );

    it('lets the console take the ingress controller’s requests and reach the services’ HTTP ports only', () => {
      const consolePod = p('console');
      expect(model.allows(p('ingress'), consolePod, 8080)).toBe(true);
      expect(model.allows(p('stranger'), consolePod, 8080)).toBe(false);
      expect(model.allows(p('debug'), consolePod, 8080)).toBe(false);
      expect(model.allows(p('ingress'), consolePod, 9080)).toBe(false);
      for (const service of SERVICES) {
        expect([service.app, model.allows(consolePod, p(service.app), service.port)]).toEqual([
          service.app,
          true,
        ]);
        // The console reaches a service's API, not another port; a service never the console.
        expect(model.allows(consolePod, p(service.app), service.port + 1)).toBe(false);
        expect(model.allows(p(service.app), consolePod, 8080)).toBe(false);
      }
      expect(model.allows(consolePod, p('postgres'), 5432)).toBe(false);
      expect(model.allows(consolePod, p('broker'), 9093)).toBe(false);
      expect(model.allows(consolePod, ext['identityProvider'] as Endpoint, 443)).toBe(false);
      expect(model.allows(consolePod, ext['internet'] as Endpoint, 443)).toBe(false);
      expect(model.allows(consolePod, ext['apiServer'] as Endpoint, 6443)).toBe(false);
      expect(model.allows(consolePod, p('dns'), 53, 'UDP')).toBe(true);
    });

    it('lets the bootstrap Job reach the database only', () => {
      const job = p('redress-db-bootstrap');
      expect(model.allows(job, p('postgres'), 5432)).toBe(true);
      expect(model.allows(job, p('broker'), 9093)).toBe(false);
      expect(model.allows(job, ext['internet'] as Endpoint, 443)).toBe(false);
      expect(model.allows(p('stranger'), job, 8080)).toBe(false);
    });

    it('lets the operators’ toolbox reach the TLS listener only', () => {
      expect(model.allows(p('ops'), p('broker'), 9093)).toBe(true);
      expect(model.allows(p('ops'), p('postgres'), 5432)).toBe(false);
      expect(model.allows(p('ops'), p('intake'), 3001)).toBe(false);
    });

    it('keeps the brokers to the services, the toolbox and Strimzi’s own pods', () => {
      expect(model.allows(p('debug'), p('broker'), 9093)).toBe(false);
      expect(model.allows(p('stranger'), p('broker'), 9093)).toBe(false);
      expect(model.allows(p('broker'), p('broker'), 9091)).toBe(true);
      expect(model.allows(p('broker'), p('broker'), 9090)).toBe(true);
      expect(model.allows(p('entityOperator'), p('broker'), 9091)).toBe(true);
      expect(model.allows(p('entityOperator'), ext['apiServer'] as Endpoint, 6443)).toBe(true);
      expect(model.allows(p('exporter'), p('broker'), 9091)).toBe(true);
      expect(model.allows(p('strimziOperator'), p('broker'), 9091)).toBe(true);
      expect(model.allows(p('prometheus'), p('exporter'), 9404)).toBe(true);
      expect(model.allows(p('stranger'), p('exporter'), 9404)).toBe(false);
    });

    it('keeps Postgres to its clients, its replicas, its operator and Prometheus', () => {
      expect(model.allows(p('postgresReplica'), p('postgres'), 5432)).toBe(true);
      expect(model.allows(p('postgres'), p('postgresReplica'), 8000)).toBe(true);
      expect(model.allows(p('cnpgOperator'), p('postgres'), 8000)).toBe(true);
      expect(model.allows(p('prometheus'), p('postgres'), 9187)).toBe(true);
      expect(model.allows(p('postgres'), ext['apiServer'] as Endpoint, 6443)).toBe(true);
      expect(model.allows(p('debug'), p('postgres'), 5432)).toBe(false);
      expect(model.allows(p('stranger'), p('postgres'), 5432)).toBe(false);
      expect(model.allows(p('ops'), p('postgres'), 5432)).toBe(false);
      expect(model.allows(p('postgres'), ext['internet'] as Endpoint, 80)).toBe(false);
    });

    it('selects the services by the labels their Deployments give their pods', () => {
      for (const service of SERVICES) {
        const policy = named<NetworkPolicy>(objects, 'NetworkPolicy', service.app);
        expect(model.isolating(p(service.app), 'Ingress')).toContain(policy);
      }
    });
  },
);
