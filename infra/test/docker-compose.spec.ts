/**
 * docker-compose.yml, checked without a Docker engine: neither `docker compose` nor
 * `docker-compose` is on the project's machines (the Docker client there has no compose plugin),
 * so the file is read as Compose reads it (YAML with merge keys) and its structure checked: the
 * services and their images, health checks, the start order, the secrets, the ports.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlDocuments, readRepoFile, REPO } from './render';
import { SERVICES } from './services';

interface ComposeService {
  image?: string;
  build?: { context: string; args?: Record<string, string> };
  command?: string[];
  restart?: string;
  environment?: Record<string, string | null>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; interval?: string; timeout?: string; retries?: number };
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = parseYamlDocuments(
  readRepoFile('docker-compose.yml'),
  'docker-compose.yml',
)[0] as ComposeFile;
const services = compose.services;
const APPS = SERVICES.map((s) => s.app);
const INFRASTRUCTURE = ['kafka', 'postgres'];

/** The services in an order Compose may start them, or an error naming a cycle. */
function startOrder(): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    if (order.includes(name)) return;
    if (visiting.has(name)) throw new Error(`depends_on cycle: ${[...path, name].join(' → ')}`);
    if (!services[name])
      throw new Error(`${path.at(-1)} depends on ${name}, which is not a service`);
    visiting.add(name);
    for (const dependency of Object.keys(services[name]?.depends_on ?? {}))
      visit(dependency, [...path, name]);
    visiting.delete(name);
    order.push(name);
  };
  for (const name of Object.keys(services)) visit(name, []);
  return order;
}

describe('docker-compose.yml', () => {
  it('runs Kafka, Postgres, the database bootstrap and the five services', () => {
    expect(Object.keys(services).sort()).toEqual(
      [...INFRASTRUCTURE, 'db-bootstrap', ...APPS].sort(),
    );
  });

  it('pins every image it pulls to a version, and builds the services from the Dockerfile', () => {
    for (const name of INFRASTRUCTURE) {
      expect(services[name]?.image).toMatch(/^[a-z0-9./-]+:\d[\w.-]*$/);
    }
    for (const app of APPS) {
      const service = services[app] as ComposeService;
      expect(service.image).toBe(`redress/${app}:local`);
      expect(service.build).toEqual({ context: '.', args: { SERVICE: app } });
      expect(existsSync(join(REPO, 'apps', app, 'package.json'))).toBe(true);
    }
    expect(services['db-bootstrap']?.build?.args?.['SERVICE']).toMatch(
      new RegExp(`^(${APPS.join('|')})$`),
    );
    expect(services['db-bootstrap']?.command).toEqual(['node', 'infra/postgres/bootstrap.mjs']);
  });

  it('health-checks Kafka and Postgres, and starts nothing before they are healthy', () => {
    for (const name of INFRASTRUCTURE) {
      const check = services[name]?.healthcheck;
      expect(check?.test[0]).toMatch(/^CMD(-SHELL)?$/);
      expect(check?.retries).toBeGreaterThan(0);
      expect(check?.interval).toMatch(/^\d+s$/);
    }
    expect(services['db-bootstrap']?.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
    });
    expect(services['db-bootstrap']?.restart).toBe('no');
    for (const app of APPS) {
      expect(services[app]?.depends_on).toEqual({
        kafka: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
        'db-bootstrap': { condition: 'service_completed_successfully' },
      });
    }
  });

  it('starts in the order infrastructure, bootstrap, services, without a cycle', () => {
    const order = startOrder();
    const position = (name: string) => order.indexOf(name);
    expect(position('db-bootstrap')).toBeGreaterThan(position('postgres'));
    for (const app of APPS) {
      expect(position(app)).toBeGreaterThan(position('db-bootstrap'));
      expect(position(app)).toBeGreaterThan(position('kafka'));
    }
  });

  it('publishes each service on its own port, the one it listens on', () => {
    for (const service of SERVICES) {
      const compose = services[service.app] as ComposeService;
      expect(compose.ports).toEqual([`${service.port}:${service.port}`]);
      expect(compose.environment?.['PORT']).toBe(String(service.port));
    }
    // Kafka and Postgres stay inside Compose: the local ones of `npm start` use the host ports.
    for (const name of INFRASTRUCTURE) expect(services[name]?.ports).toBeUndefined();
  });

  it('writes no secret into the file: each is required from the environment', () => {
    const secret = /PASSWORD|SECRET|_KEY$|_URL$/;
    for (const [name, service] of Object.entries(services)) {
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        if (!secret.test(variable) || value === null || value === '') continue;
        // A URL may be built around a required variable; a password, key or secret is one.
        expect([name, variable, value]).toEqual([
          name,
          variable,
          expect.stringMatching(/\$\{[A-Z_]+:\?set [A-Z_]+\}/),
        ]);
        expect([name, variable, value.replace(/\$\{[^}]+\}/g, '')]).toEqual([
          name,
          variable,
          expect.not.stringMatching(/:[^/@]+@/),
        ]);
      }
    }
  });

  it('gives each service its own database role, and the bootstrap every role’s password', () => {
    const bootstrap = services['db-bootstrap']?.environment ?? {};
    for (const service of SERVICES) {
      const url = services[service.app]?.environment?.['DATABASE_URL'] ?? '';
      const role = /^postgres:\/\/([a-z_]+):/.exec(url)?.[1];
      // infra/postgres/bootstrap.mjs: the roles are the services' names without hyphens.
      expect(role).toBe(service.app.replace(/-/g, ''));
      expect(bootstrap[`REDRESS_DB_PASSWORD_${(role as string).toUpperCase()}`]).toContain(
        `REDRESS_DB_PASSWORD_${(role as string).toUpperCase()}`,
      );
    }
  });

  it('keeps the local broker plaintext, with the contract’s topic settings', () => {
    const kafka = services['kafka']?.environment ?? {};
    expect(kafka['KAFKA_LISTENER_SECURITY_PROTOCOL_MAP']).toBe(
      'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    );
    expect(kafka['KAFKA_AUTO_CREATE_TOPICS_ENABLE']).toBe('false');
    expect(kafka['KAFKA_LOG_RETENTION_HOURS']).toBe('-1');
    for (const app of APPS) {
      expect(
        Object.keys(services[app]?.environment ?? {}).filter((v) => v.startsWith('KAFKA_S')),
      ).toEqual([]);
    }
  });

  it('keeps Kafka’s and Postgres’ data in named volumes', () => {
    expect(services['kafka']?.volumes).toEqual(['kafka-data:/var/lib/kafka/data']);
    expect(services['postgres']?.volumes).toEqual(['postgres-data:/var/lib/postgresql/data']);
    expect(Object.keys(compose.volumes ?? {}).sort()).toEqual(['kafka-data', 'postgres-data']);
  });
});
