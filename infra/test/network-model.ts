/**
 * Kubernetes NetworkPolicy semantics, enough to ask "may this pod open a connection to that
 * one on this port?" of a set of rendered policies: a pod is isolated in a direction once any
 * policy of its namespace selects it for that direction, and then only a rule of such a policy
 * lets traffic through; a connection needs the source's egress and the destination's ingress.
 */
import type { K8sObject } from './render';

export interface Endpoint {
  /** For messages. */
  name: string;
  /** Undefined for an address outside the cluster (the API server, the identity provider). */
  namespace?: string;
  labels: Record<string, string>;
  ip: string;
  ports?: { name?: string; containerPort: number }[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: { protocol?: string; port?: number | string; endPort?: number }[];
}

export type NetworkPolicy = K8sObject & {
  spec: {
    podSelector: LabelSelector;
    policyTypes?: ('Ingress' | 'Egress')[];
    ingress?: Rule[];
    egress?: Rule[];
  };
};

export function selects(
  selector: LabelSelector | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector) return true;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    const value = labels[key];
    switch (operator) {
      case 'In':
        return value !== undefined && values.includes(value);
      case 'NotIn':
        return value === undefined || !values.includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        throw new Error(`unknown label selector operator ${operator}`);
    }
  });
  return byLabel && byExpression;
}

function ipToNumber(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 address: ${ip}`);
  }
  return parts.reduce((n, part) => n * 256 + part, 0);
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/') as [string, string];
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipToNumber(ip) / size) === Math.floor(ipToNumber(base) / size);
}

/** Every namespace carries kubernetes.io/metadata.name (Kubernetes 1.21 and later). */
function namespaceLabels(namespace: string): Record<string, string> {
  return { 'kubernetes.io/metadata.name': namespace };
}

function peerMatches(peer: Peer, policyNamespace: string, other: Endpoint): boolean {
  if (peer.ipBlock) {
    return (
      inCidr(other.ip, peer.ipBlock.cidr) &&
      !(peer.ipBlock.except ?? []).some((cidr) => inCidr(other.ip, cidr))
    );
  }
  if (other.namespace === undefined) return false;
  const namespaceOk = peer.namespaceSelector
    ? selects(peer.namespaceSelector, namespaceLabels(other.namespace))
    : other.namespace === policyNamespace;
  return namespaceOk && selects(peer.podSelector, other.labels);
}

function portMatches(rule: Rule, destination: Endpoint, port: number, protocol: string): boolean {
  if (!rule.ports || rule.ports.length === 0) return true;
  return rule.ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    const number =
      typeof p.port === 'number'
        ? p.port
        : destination.ports?.find((named) => named.name === p.port)?.containerPort;
    if (number === undefined) return false;
    return p.endPort === undefined ? number === port : port >= number && port <= p.endPort;
  });
}

function policyNamespace(policy: NetworkPolicy, fallback: string): string {
  return policy.metadata.namespace ?? fallback;
}

function typesOf(policy: NetworkPolicy): ('Ingress' | 'Egress')[] {
  // Kubernetes' default: Ingress, plus Egress when the policy has egress rules.
  return policy.spec.policyTypes ?? (policy.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
}

export class NetworkModel {
  constructor(
    private readonly policies: readonly NetworkPolicy[],
    /** The namespace of policies rendered without one (the base). */
    private readonly defaultNamespace: string,
  ) {}

  /** The policies that isolate the endpoint in a direction. */
  isolating(endpoint: Endpoint, direction: 'Ingress' | 'Egress'): NetworkPolicy[] {
    if (endpoint.namespace === undefined) return [];
    return this.policies.filter(
      (policy) =>
        policyNamespace(policy, this.defaultNamespace) === endpoint.namespace &&
        typesOf(policy).includes(direction) &&
        selects(policy.spec.podSelector, endpoint.labels),
    );
  }

  allows(source: Endpoint, destination: Endpoint, port: number, protocol = 'TCP'): boolean {
    const egress = this.isolating(source, 'Egress');
    const egressOk =
      egress.length === 0 ||
      egress.some((policy) =>
        (policy.spec.egress ?? []).some(
          (rule) =>
            (!rule.to ||
              rule.to.some((peer) =>
                peerMatches(peer, policyNamespace(policy, this.defaultNamespace), destination),
              )) &&
            portMatches(rule, destination, port, protocol),
        ),
      );
    const ingress = this.isolating(destination, 'Ingress');
    const ingressOk =
      ingress.length === 0 ||
      ingress.some((policy) =>
        (policy.spec.ingress ?? []).some(
          (rule) =>
            (!rule.from ||
              rule.from.some((peer) =>
                peerMatches(peer, policyNamespace(policy, this.defaultNamespace), source),
              )) &&
            portMatches(rule, destination, port, protocol),
        ),
      );
    return egressOk && ingressOk;
  }
}
