import { KUSTOMIZATIONS, named, readRepoFile, render, type K8sObject } from './render';
import { SERVICES } from './services';
import { environmentOf, type Container, type Workload } from './workloads';

/**
 * The web console's Deployment (issue 17: "its own small image and Kubernetes Deployment"): the
 * image's nginx (apps/console/deploy) filled from the redress-console ConfigMap, which must name
 * every variable the image's template uses and route each /api/<service>/ to a Service that
 * exists, on its port; hardened like the services; no secret of the platform in reach.
 */

type ConsoleContainer = Container & {
  image: string;
  startupProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
};
type ConsoleDeployment = Workload & {
  spec: {
    template: {
      spec: {
        automountServiceAccountToken?: boolean;
        securityContext?: { runAsNonRoot?: boolean };
      };
    };
  };
};
type ServiceObject = K8sObject & { spec: { ports: { name: string; port: number }[] } };

const TEMPLATE = readRepoFile('apps/console/deploy/default.conf.template');
const DOCKERFILE = readRepoFile('apps/console/deploy/Dockerfile');

/** The variable the console's server and image read for a service: CONSOLE_FOLLOWUP_URL. */
const urlVariable = (app: string) => `CONSOLE_${app.replace(/-/g, '').toUpperCase()}_URL`;

/** `${NAME}` placeholders of the template that nginx's image fills from the environment. */
function templateVariables(): string[] {
  const directives = TEMPLATE.split('\n').filter((line) => !line.trim().startsWith('#'));
  const names = [...directives.join('\n').matchAll(/\$\{([A-Z][A-Z0-9_]*)\}/g)];
  return [...new Set(names.map((m) => m[1] as string))];
}

describe.each(KUSTOMIZATIONS)('the console in infra/k8s/%s', (kustomization) => {
  let objects: K8sObject[];
  let deployment: ConsoleDeployment;
  let container: ConsoleContainer;
  let env: Map<string, string>;

  beforeAll(() => {
    objects = render(kustomization);
    deployment = named<ConsoleDeployment>(objects, 'Deployment', 'console');
    container = deployment.spec.template.spec.containers[0] as ConsoleContainer;
    env = environmentOf(objects, deployment);
  });

  it('runs the console image on its http port, probed on the health paths its nginx answers', () => {
    expect(container.image).toMatch(/^redress\/console(:|$)/);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080 }]);
    for (const probe of [container.startupProbe, container.livenessProbe]) {
      expect(probe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
    }
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    for (const path of ['/health/live', '/health/ready']) {
      expect(TEMPLATE).toContain(`location = ${path} {`);
    }
    expect(TEMPLATE).toMatch(/listen 8080;/);
    const service = named<ServiceObject>(objects, 'Service', 'console');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http' }]);
  });

  it('is hardened like the services: non-root, read-only root, no capabilities, no API token', () => {
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    // What nginx writes with a read-only root: its filled-in configuration and /tmp.
    expect((container.volumeMounts ?? []).map((m) => m.mountPath).sort()).toEqual([
      '/etc/nginx/conf.d',
      '/tmp',
    ]);
  });

  it('holds no secret: the console is a public client and never signs tokens', () => {
    expect([...env.entries()].filter(([, value]) => value.startsWith('secret:'))).toEqual([]);
    expect(env.has('AUTH_JWT_SECRET')).toBe(false);
    expect(deployment.spec.template.spec.volumes?.some((v) => v.secret)).toBe(false);
  });

  it('gives nginx every variable its template uses, and the image the same defaults', () => {
    const used = templateVariables();
    expect(used.length).toBeGreaterThan(5);
    expect(used.filter((name) => !env.has(name))).toEqual([]);
    const imageDefaults = [...DOCKERFILE.matchAll(/^(?:ENV)?\s+(CONSOLE_[A-Z_]+)=/gm)].map(
      (m) => m[1],
    );
    expect(imageDefaults.sort()).toEqual(used.sort());
  });

  it.each(SERVICES.map((s) => [s.app, s.port] as const))(
    'routes /api/%s/ to that Service on its port',
    (app, port) => {
      const variable = urlVariable(app);
      expect(TEMPLATE).toContain(`location /api/${app}/ { proxy_pass \${${variable}}/; }`);
      expect(env.get(variable)).toBe(`http://${app}:${port}`);
      const service = named<ServiceObject>(objects, 'Service', app);
      expect(service.spec.ports.map((p) => p.port)).toContain(port);
    },
  );

  it('signs in through the identity provider the services trust (production) or says it is not set', () => {
    const shared = environmentOf(objects, named<Workload>(objects, 'Deployment', 'resolution'));
    if (kustomization === 'overlays/production') {
      expect(env.get('CONSOLE_OIDC_ISSUER')).toMatch(/^https:\/\//);
      expect(env.get('CONSOLE_OIDC_ISSUER')).toBe(shared.get('AUTH_ISSUER'));
      expect(env.get('CONSOLE_OIDC_CLIENT_ID')).toMatch(/\S/);
    } else {
      expect(env.get('CONSOLE_OIDC_ISSUER')).toBe('');
    }
    expect(env.get('CONSOLE_OIDC_SCOPE')).toMatch(/(^| )openid( |$)/);
    // The image never offers the development sign-in.
    expect(TEMPLATE).toMatch(/"signIn":"oidc"/);
    expect(TEMPLATE).not.toMatch(/dev\/token|"development"/);
  });
});
