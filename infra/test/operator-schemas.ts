/**
 * JSON schemas of the Strimzi (kafka.strimzi.io/v1beta2, Strimzi 0.45–0.47) and CloudNativePG
 * (postgresql.cnpg.io/v1) resources, limited to the fields these manifests use: no npm package
 * ships those operators' schemas. Types, enums and required fields follow the operators' CRDs.
 * `additionalProperties: false` makes a misspelt or unplanned field fail here instead of being
 * dropped by the API server's pruning: a field added to a manifest is added here too, after
 * checking it in the operator's API reference.
 */
import type { JSONSchemaType } from 'ajv';

type Schema = Record<string, unknown>;

const nonEmptyString: Schema = { type: 'string', minLength: 1 };
const quantity: Schema = {
  type: 'string',
  pattern: '^[0-9]+(\\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$',
};

/** Kubernetes' object name rules for these kinds (DNS subdomain). */
const objectMeta = (requiredLabels: string[] = []): Schema => ({
  type: 'object',
  required: ['name', ...(requiredLabels.length > 0 ? ['labels'] : [])],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$' },
    namespace: nonEmptyString,
    labels: {
      type: 'object',
      required: requiredLabels,
      properties: Object.fromEntries(requiredLabels.map((label) => [label, nonEmptyString])),
      additionalProperties: { type: 'string' },
    },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
  additionalProperties: false,
});

const resources: Schema = {
  type: 'object',
  properties: {
    requests: {
      type: 'object',
      properties: { cpu: quantity, memory: quantity },
      additionalProperties: false,
    },
    limits: {
      type: 'object',
      properties: { cpu: quantity, memory: quantity },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

const labelSelectorRequirement: Schema = {
  type: 'object',
  required: ['key', 'operator'],
  properties: {
    key: nonEmptyString,
    operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
    values: { type: 'array', items: { type: 'string' } },
  },
  additionalProperties: false,
};

const labelSelector: Schema = {
  type: 'object',
  properties: {
    matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
    matchExpressions: { type: 'array', items: labelSelectorRequirement },
  },
  additionalProperties: false,
};

/** A NetworkPolicyPeer, as Strimzi copies it into the policy it generates for a listener. */
const networkPolicyPeer: Schema = {
  type: 'object',
  properties: {
    podSelector: labelSelector,
    namespaceSelector: labelSelector,
    ipBlock: {
      type: 'object',
      required: ['cidr'],
      properties: { cidr: nonEmptyString, except: { type: 'array', items: nonEmptyString } },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

const listener: Schema = {
  type: 'object',
  required: ['name', 'port', 'type', 'tls'],
  properties: {
    // Strimzi: lower-case letters and digits, at most 11.
    name: { type: 'string', pattern: '^[a-z0-9]{1,11}$' },
    // 9090, 9091 and 9404 are Strimzi's own (controllers, replication, metrics).
    port: { type: 'integer', minimum: 9092, not: { enum: [9404, 9999] } },
    type: { enum: ['internal', 'route', 'loadbalancer', 'nodeport', 'ingress', 'cluster-ip'] },
    tls: { type: 'boolean' },
    authentication: {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: ['tls', 'scram-sha-512', 'oauth', 'custom'] } },
      additionalProperties: false,
    },
    networkPolicyPeers: { type: 'array', items: networkPolicyPeer },
  },
  additionalProperties: false,
};

const kafka: Schema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'kafka.strimzi.io/v1beta2' },
    kind: { const: 'Kafka' },
    metadata: objectMeta(),
    spec: {
      type: 'object',
      required: ['kafka'],
      properties: {
        kafka: {
          type: 'object',
          required: ['listeners'],
          properties: {
            version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' },
            metadataVersion: { type: 'string', pattern: '^\\d+\\.\\d+-IV\\d+$' },
            listeners: { type: 'array', minItems: 1, items: listener },
            authorization: {
              type: 'object',
              required: ['type'],
              properties: {
                type: { enum: ['simple', 'opa', 'keycloak', 'custom'] },
                superUsers: { type: 'array', items: nonEmptyString },
              },
              additionalProperties: false,
            },
            config: {
              type: 'object',
              additionalProperties: { type: ['string', 'number', 'boolean'] },
            },
          },
          additionalProperties: false,
        },
        entityOperator: {
          type: 'object',
          properties: {
            topicOperator: { type: 'object', additionalProperties: false },
            userOperator: { type: 'object', additionalProperties: false },
          },
          additionalProperties: false,
        },
        kafkaExporter: {
          type: 'object',
          properties: { topicRegex: nonEmptyString, groupRegex: nonEmptyString },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

const kafkaNodePool: Schema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'kafka.strimzi.io/v1beta2' },
    kind: { const: 'KafkaNodePool' },
    metadata: objectMeta(['strimzi.io/cluster']),
    spec: {
      type: 'object',
      required: ['replicas', 'roles', 'storage'],
      properties: {
        replicas: { type: 'integer', minimum: 1 },
        roles: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { enum: ['controller', 'broker'] },
        },
        resources,
        storage: {
          type: 'object',
          required: ['type', 'volumes'],
          properties: {
            type: { const: 'jbod' },
            volumes: {
              type: 'array',
              minItems: 1,
              items: {
                type: 'object',
                required: ['id', 'type', 'size'],
                properties: {
                  id: { type: 'integer', minimum: 0 },
                  type: { enum: ['persistent-claim', 'ephemeral'] },
                  size: quantity,
                  deleteClaim: { type: 'boolean' },
                  kraftMetadata: { const: 'shared' },
                },
                additionalProperties: false,
              },
            },
          },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

const kafkaTopic: Schema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'kafka.strimzi.io/v1beta2' },
    kind: { const: 'KafkaTopic' },
    metadata: objectMeta(['strimzi.io/cluster']),
    spec: {
      type: 'object',
      required: ['topicName', 'partitions', 'replicas'],
      properties: {
        // Kafka's legal topic names.
        topicName: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,249}$' },
        partitions: { type: 'integer', minimum: 1 },
        replicas: { type: 'integer', minimum: 1, maximum: 32767 },
        config: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

const ACL_OPERATIONS = [
  'Read',
  'Write',
  'Create',
  'Delete',
  'Alter',
  'Describe',
  'ClusterAction',
  'AlterConfigs',
  'DescribeConfigs',
  'IdempotentWrite',
  'All',
];

const kafkaUser: Schema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'kafka.strimzi.io/v1beta2' },
    kind: { const: 'KafkaUser' },
    metadata: objectMeta(['strimzi.io/cluster']),
    spec: {
      type: 'object',
      required: ['authentication', 'authorization'],
      properties: {
        authentication: {
          type: 'object',
          required: ['type'],
          properties: { type: { enum: ['tls', 'tls-external', 'scram-sha-512'] } },
          additionalProperties: false,
        },
        authorization: {
          type: 'object',
          required: ['type', 'acls'],
          properties: {
            type: { const: 'simple' },
            acls: {
              type: 'array',
              items: {
                type: 'object',
                required: ['resource', 'operations'],
                properties: {
                  resource: {
                    type: 'object',
                    required: ['type'],
                    properties: {
                      type: { enum: ['topic', 'group', 'cluster', 'transactionalId'] },
                      name: nonEmptyString,
                      patternType: { enum: ['literal', 'prefix'] },
                    },
                    additionalProperties: false,
                  },
                  operations: {
                    type: 'array',
                    minItems: 1,
                    uniqueItems: true,
                    items: { enum: ACL_OPERATIONS },
                  },
                  host: nonEmptyString,
                  type: { enum: ['allow', 'deny'] },
                },
                additionalProperties: false,
              },
            },
          },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

const cnpgCluster: Schema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'postgresql.cnpg.io/v1' },
    kind: { const: 'Cluster' },
    metadata: objectMeta(),
    spec: {
      type: 'object',
      required: ['instances', 'storage'],
      properties: {
        instances: { type: 'integer', minimum: 1 },
        imageName: nonEmptyString,
        enableSuperuserAccess: { type: 'boolean' },
        postgresql: {
          type: 'object',
          properties: {
            // The CRD takes every parameter as a string: `max_connections: 400` is refused.
            parameters: { type: 'object', additionalProperties: { type: 'string' } },
          },
          additionalProperties: false,
        },
        resources,
        storage: {
          type: 'object',
          required: ['size'],
          properties: { size: quantity, storageClass: nonEmptyString },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

/** By `apiVersion/kind`. */
export const OPERATOR_SCHEMAS: Readonly<Record<string, JSONSchemaType<unknown>>> = {
  'kafka.strimzi.io/v1beta2/Kafka': kafka as JSONSchemaType<unknown>,
  'kafka.strimzi.io/v1beta2/KafkaNodePool': kafkaNodePool as JSONSchemaType<unknown>,
  'kafka.strimzi.io/v1beta2/KafkaTopic': kafkaTopic as JSONSchemaType<unknown>,
  'kafka.strimzi.io/v1beta2/KafkaUser': kafkaUser as JSONSchemaType<unknown>,
  'postgresql.cnpg.io/v1/Cluster': cnpgCluster as JSONSchemaType<unknown>,
};
