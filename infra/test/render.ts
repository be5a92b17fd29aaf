import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const INFRA = join(__dirname, '..');
export const REPO = join(INFRA, '..');
export const K8S = join(INFRA, 'k8s');

/** What the tests read of any Kubernetes object; the validators check the rest. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** The overlays an operator deploys, and the base they build on. */
export const KUSTOMIZATIONS = ['base', 'overlays/local', 'overlays/production'] as const;
export type Kustomization = (typeof KUSTOMIZATIONS)[number];

const rendered = new Map<Kustomization, K8sObject[]>();

/**
 * The objects `kubectl kustomize` makes of a kustomization, as `kubectl apply -k` would send
 * them. kubectl is the tool docs/deployment.md deploys with, and it is on the project's machines
 * (CI included); where it is missing the tests fail and say so: a manifest test that passed
 * without rendering anything would hide exactly the mistakes it exists for.
 */
export function render(kustomization: Kustomization): K8sObject[] {
  const cached = rendered.get(kustomization);
  if (cached) return cached;
  let text: string;
  try {
    text = execFileSync('kubectl', ['kustomize', join(K8S, kustomization)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error: unknown) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT') {
      throw new Error(
        'kubectl is not installed: the manifest tests render every overlay with `kubectl kustomize`. ' +
          "Install kubectl (Debian/Ubuntu: the `kubectl` package of Kubernetes' apt repository) and run them again.",
      );
    }
    throw new Error(`kubectl kustomize ${kustomization} failed:\n${stderr ?? String(error)}`);
  }
  const objects = parseYamlDocuments(text, `kubectl kustomize ${kustomization}`) as K8sObject[];
  rendered.set(kustomization, objects);
  return objects;
}

export function parseYamlDocuments(text: string, source: string): unknown[] {
  return parseAllDocuments(text, { merge: true })
    .filter((document) => document.contents !== null)
    .map((document) => {
      if (document.errors.length > 0) {
        throw new Error(`${source}: ${document.errors.map((e) => e.message).join('; ')}`);
      }
      return document.toJS({ maxAliasCount: -1 }) as unknown;
    });
}

export function readRepoFile(path: string): string {
  return readFileSync(join(REPO, path), 'utf8');
}

export function describeObject(object: K8sObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

export function ofKind<T extends K8sObject = K8sObject>(objects: K8sObject[], kind: string): T[] {
  return objects.filter((object) => object.kind === kind) as T[];
}

export function named<T extends K8sObject = K8sObject>(
  objects: K8sObject[],
  kind: string,
  name: string,
): T {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} among the rendered objects`);
  return found as T;
}
