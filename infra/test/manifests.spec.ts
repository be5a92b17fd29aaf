import {
  KUSTOMIZATIONS,
  describeObject,
  named,
  ofKind,
  readRepoFile,
  render,
  type K8sObject,
} from './render';
import { isKnownKind, schemaProblems, typeKey, unknownFields } from './validate';
import { workloads, type Container, type Workload } from './workloads';

type ServiceObject = K8sObject & {
  spec: {
    selector: Record<string, string>;
    ports: { name: string; targetPort: string | number }[];
  };
};

/** Secrets named in docs/deployment.md ("Secrets the operator creates"): the contract. */
function documentedSecrets(): Set<string> {
  const names = [...readRepoFile('docs/deployment.md').matchAll(/^\| `(redress-[a-z0-9-]+)`/gm)];
  return new Set(names.map((match) => match[1] as string));
}

/** Secrets the operators make: Strimzi's cluster CA and one per KafkaUser, CloudNativePG's. */
function operatorSecrets(objects: K8sObject[]): Set<string> {
  return new Set([
    ...ofKind(objects, 'Kafka').map((kafka) => `${kafka.metadata.name}-cluster-ca-cert`),
    ...ofKind(objects, 'KafkaUser').map((user) => user.metadata.name),
    ...ofKind(objects, 'Cluster').map((cluster) => `${cluster.metadata.name}-superuser`),
  ]);
}

function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

describe.each(KUSTOMIZATIONS)('kubectl kustomize infra/k8s/%s', (kustomization) => {
  let objects: K8sObject[];

  beforeAll(() => {
    objects = render(kustomization);
  });

  it('renders the five services, the console and the bootstrap Job', () => {
    expect(
      ofKind(objects, 'Deployment')
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual(['analytics', 'console', 'follow-up', 'intake', 'resolution', 'triage']);
    expect(ofKind(objects, 'Job').map((j) => j.metadata.name)).toEqual(['redress-db-bootstrap']);
  });

  it('holds only kinds whose schema the tests know', () => {
    expect(objects.filter((object) => !isKnownKind(object)).map(typeKey)).toEqual([]);
  });

  it('validates every object against its kind’s schema', () => {
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  it('has no field that its kind does not know (as kubectl apply’s strict validation)', () => {
    expect(unknownFields(objects)).toEqual([]);
  });

  it('names each object once per kind', () => {
    const names = objects.map(describeObject);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });

  it('refers only to ConfigMaps it renders and to documented or operator-made Secrets', () => {
    const configMaps = new Set(ofKind(objects, 'ConfigMap').map((c) => c.metadata.name));
    const secrets = new Set([...documentedSecrets(), ...operatorSecrets(objects)]);
    const missing: string[] = [];
    for (const workload of workloads(objects)) {
      const { spec } = workload.spec.template;
      for (const container of spec.containers) {
        for (const source of container.envFrom ?? []) {
          const name = source.configMapRef?.name;
          if (name !== undefined && !configMaps.has(name)) missing.push(`ConfigMap ${name}`);
        }
        for (const variable of container.env ?? []) {
          const ref = variable.valueFrom?.secretKeyRef;
          if (ref && !secrets.has(ref.name)) missing.push(`Secret ${ref.name}`);
        }
        const volumes = new Set((spec.volumes ?? []).map((volume) => volume.name));
        for (const mount of container.volumeMounts ?? []) {
          if (!volumes.has(mount.name)) missing.push(`volume ${mount.name}`);
        }
      }
      for (const volume of spec.volumes ?? []) {
        if (volume.secret && !secrets.has(volume.secret.secretName)) {
          missing.push(`Secret ${volume.secret.secretName}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('routes each Service to the pods of one Deployment, on a port their container names', () => {
    for (const service of ofKind<ServiceObject>(objects, 'Service')) {
      const targets = ofKind<Workload>(objects, 'Deployment').filter((deployment) =>
        matches(service.spec.selector, deployment.spec.template.metadata.labels),
      );
      expect(targets.map((d) => d.metadata.name)).toEqual([service.metadata.name]);
      const portNames = (targets[0] as Workload).spec.template.spec.containers.flatMap((c) =>
        (c.ports ?? []).map((port) => port.name),
      );
      for (const port of service.spec.ports) expect(portNames).toContain(port.targetPort);
    }
  });

  it('points every autoscaler and disruption budget at a Deployment', () => {
    for (const hpa of ofKind<K8sObject & { spec: { scaleTargetRef: { name: string } } }>(
      objects,
      'HorizontalPodAutoscaler',
    )) {
      expect(() => named(objects, 'Deployment', hpa.spec.scaleTargetRef.name)).not.toThrow();
    }
    for (const pdb of ofKind<
      K8sObject & { spec: { selector: { matchLabels: Record<string, string> } } }
    >(objects, 'PodDisruptionBudget')) {
      const selected = ofKind<Workload>(objects, 'Deployment').filter((d) =>
        matches(pdb.spec.selector.matchLabels, d.spec.template.metadata.labels),
      );
      expect(selected).toHaveLength(1);
    }
  });
});

describe('the validation itself', () => {
  // Each mistake below would reach a cluster if the checks above let it through.
  const deployment = (): K8sObject =>
    structuredClone(named(render('base'), 'Deployment', 'intake'));

  it('catches a misspelt field', () => {
    const object = deployment();
    const spec = (object as unknown as Workload).spec.template.spec;
    Object.assign(spec.containers[0] as object, { readinesProbe: {} });
    expect(unknownFields([object])).toEqual([
      expect.stringMatching(
        /^Deployment\/intake: Object literal may only specify known properties.*readinesProbe.*IContainer/,
      ),
    ]);
  });

  it('catches a value of the wrong type or a missing required field', () => {
    const object = deployment();
    const container = (object as unknown as Workload).spec.template.spec.containers[0] as Container;
    (container.ports as { containerPort: unknown }[])[0] = { containerPort: 'http' };
    expect(schemaProblems(object).join('\n')).toMatch(/containerPort must be integer/);
    delete (object as { spec?: unknown }).spec;
    expect(schemaProblems(object)).toEqual([]);
    expect(schemaProblems({ ...object, spec: { template: {} } } as K8sObject).join('\n')).toMatch(
      /spec must have required property selector/,
    );
  });

  it('catches a custom resource with a field its operator does not have', () => {
    const topic = structuredClone(
      named(render('overlays/production'), 'KafkaTopic', 'complaints.intake.v1'),
    );
    Object.assign(topic.spec as object, { replicationFactor: 3 });
    expect(schemaProblems(topic)).toEqual([
      expect.stringMatching(
        /KafkaTopic\/complaints\.intake\.v1: \/spec must NOT have additional properties \(replicationFactor\)/,
      ),
    ]);
  });
});
