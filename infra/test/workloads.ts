import { named, ofKind, type K8sObject } from './render';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}

export interface Container {
  name: string;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string } }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}

export interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: {
    containers: Container[];
    volumes?: {
      name: string;
      secret?: { secretName: string; items?: { key: string; path: string }[] };
    }[];
  };
}

export type Workload = K8sObject & { spec: { template: PodTemplate } };

export function workloads(objects: K8sObject[]): Workload[] {
  return [...ofKind<Workload>(objects, 'Deployment'), ...ofKind<Workload>(objects, 'Job')];
}

/**
 * The environment a workload's first container starts with, as far as the manifests say: its
 * ConfigMaps in order, then its own `env` (values, or `secret:<name>/<key>` for a Secret's).
 */
export function environmentOf(objects: K8sObject[], workload: Workload): Map<string, string> {
  const container = workload.spec.template.spec.containers[0] as Container;
  const env = new Map<string, string>();
  for (const source of container.envFrom ?? []) {
    if (!source.configMapRef) continue;
    const configMap = named<K8sObject & { data?: Record<string, string> }>(
      objects,
      'ConfigMap',
      source.configMapRef.name,
    );
    for (const [key, value] of Object.entries(configMap.data ?? {})) env.set(key, value);
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    env.set(variable.name, ref ? `secret:${ref.name}/${ref.key}` : (variable.value ?? ''));
  }
  return env;
}

export function podLabels(workload: Workload): Record<string, string> {
  return workload.spec.template.metadata.labels;
}
