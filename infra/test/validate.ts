import { join } from 'node:path';
import Ajv from 'ajv';
import {
  PodMonitor,
  PrometheusRule,
  ServiceMonitor,
} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import ts from 'typescript';
import { OPERATOR_SCHEMAS } from './operator-schemas';
import { INFRA, describeObject, type K8sObject } from './render';

interface ModelClass {
  new (data: never): { validate(): void };
}

/**
 * Kinds whose schema ships in an npm package: the Kubernetes API's (kubernetes-models, generated
 * from the Kubernetes OpenAPI) and the Prometheus operator's CRDs. `types` names the module and
 * interface of the same object for the TypeScript check of unknown fields.
 */
const MODELS: Readonly<Record<string, { model: ModelClass; types: [string, string] }>> = {
  'v1/ConfigMap': { model: ConfigMap, types: ['kubernetes-models/v1/ConfigMap', 'IConfigMap'] },
  'v1/Service': { model: Service, types: ['kubernetes-models/v1/Service', 'IService'] },
  'apps/v1/Deployment': {
    model: Deployment,
    types: ['kubernetes-models/apps/v1/Deployment', 'IDeployment'],
  },
  'batch/v1/Job': { model: Job, types: ['kubernetes-models/batch/v1/Job', 'IJob'] },
  'policy/v1/PodDisruptionBudget': {
    model: PodDisruptionBudget,
    types: ['kubernetes-models/policy/v1/PodDisruptionBudget', 'IPodDisruptionBudget'],
  },
  'autoscaling/v2/HorizontalPodAutoscaler': {
    model: HorizontalPodAutoscaler,
    types: ['kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler', 'IHorizontalPodAutoscaler'],
  },
  'networking.k8s.io/v1/NetworkPolicy': {
    model: NetworkPolicy,
    types: ['kubernetes-models/networking.k8s.io/v1/NetworkPolicy', 'INetworkPolicy'],
  },
  'monitoring.coreos.com/v1/ServiceMonitor': {
    model: ServiceMonitor,
    types: [
      '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor',
      'IServiceMonitor',
    ],
  },
  'monitoring.coreos.com/v1/PodMonitor': {
    model: PodMonitor,
    types: [
      '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor',
      'IPodMonitor',
    ],
  },
  'monitoring.coreos.com/v1/PrometheusRule': {
    model: PrometheusRule,
    types: [
      '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule',
      'IPrometheusRule',
    ],
  },
};

export function typeKey(object: K8sObject): string {
  return `${object.apiVersion}/${object.kind}`;
}

export function isKnownKind(object: K8sObject): boolean {
  const key = typeKey(object);
  return key in MODELS || key in OPERATOR_SCHEMAS;
}

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const operatorValidators = new Map(
  Object.entries(OPERATOR_SCHEMAS).map(([key, schema]) => [key, ajv.compile(schema)]),
);

/**
 * Problems of one object against its kind's schema: required fields, types, formats, enums and
 * patterns. Unknown fields of the built-in and Prometheus kinds are `unknownFields`' business;
 * the operator schemas refuse them themselves.
 */
export function schemaProblems(object: K8sObject): string[] {
  const key = typeKey(object);
  const model = MODELS[key];
  if (model) {
    try {
      new model.model(object as never).validate();
      return [];
    } catch (error: unknown) {
      return [
        `${describeObject(object)}: ${error instanceof Error ? error.message : String(error)}`,
      ];
    }
  }
  const validator = operatorValidators.get(key);
  if (!validator) return [`${describeObject(object)}: no schema for ${key}`];
  if (validator(object)) return [];
  return (validator.errors ?? []).map(
    (error) =>
      `${describeObject(object)}: ${error.instancePath || '/'} ${error.message ?? 'is not valid'}` +
      (error.keyword === 'additionalProperties'
        ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
        : ''),
  );
}

/**
 * Fields that the kind does not have, the way `kubectl apply` (strict field validation) would
 * refuse them: each object is written as a TypeScript object literal of its kind's interface
 * (from the same packages) and type-checked, so a misspelt field (`readinesProbe`) is an
 * excess-property error, and a wrong type one too. One compilation for all objects given.
 */
export function unknownFields(objects: readonly K8sObject[]): string[] {
  const checked = objects.filter((object) => typeKey(object) in MODELS);
  const imports: string[] = [];
  const declarations: string[] = [];
  const startLines: number[] = [];
  const aliases = new Map<string, string>();
  for (const object of checked) {
    const [module, name] = (MODELS[typeKey(object)] as { types: [string, string] }).types;
    let alias = aliases.get(module);
    if (alias === undefined) {
      alias = `T${aliases.size}`;
      aliases.set(module, alias);
      imports.push(`import type { ${name} as ${alias} } from '${module}';`);
    }
    declarations.push(
      `export const o${declarations.length}: ${alias} = ${JSON.stringify(object, null, 1)};`,
    );
  }
  let line = imports.length;
  for (const declaration of declarations) {
    startLines.push(line);
    line += declaration.split('\n').length;
  }
  const source = [...imports, ...declarations].join('\n');
  // A file that is never written: the compiler host hands its text over.
  const fileName = join(INFRA, 'test', '.rendered-manifests.ts');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    ignoreDeprecations: '6.0',
  };
  const host = ts.createCompilerHost(options);
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, ...rest) =>
    name === fileName
      ? ts.createSourceFile(name, source, languageVersion)
      : readSourceFile(name, languageVersion, ...rest);
  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (diagnostic.file?.fileName !== fileName || diagnostic.start === undefined) return message;
    const at = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line;
    let index = 0;
    while (index + 1 < startLines.length && (startLines[index + 1] as number) <= at) index += 1;
    const object = checked[index];
    return `${object ? describeObject(object) : 'imports'}: ${message}`;
  });
}
