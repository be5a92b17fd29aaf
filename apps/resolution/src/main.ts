import 'reflect-metadata';
import { loadConfig, runServiceProcesses, startService } from '@redress/platform';
import { ResolutionConfig } from './resolution.config';
import { ResolutionModule } from './resolution.module';
import { migrate } from './persistence/data-source';

async function main(): Promise<void> {
  const config = loadConfig(ResolutionConfig);
  await runServiceProcesses({
    service: 'resolution',
    workers: config.SERVICE_WORKERS,
    logLevel: config.LOG_LEVEL,
    prepare: () => migrate(config.DATABASE_URL),
    start: () =>
      startService(ResolutionModule.forRoot({ config }), {
        service: 'resolution',
        title: 'Redress resolution API',
        description:
          'Cases: assignment, customer contacts, investigation, remedy plans and their approvals, the customer’s decision, actions, SLA clocks, supervision orders and crisis teams.',
        port: config.PORT,
        bodyLimit: config.HTTP_BODY_LIMIT,
        trustProxy: config.HTTP_TRUST_PROXY,
      }),
  });
}

main().catch((error: unknown) => {
  // Configuration errors name the variable; nothing else is printed that could hold a secret.
  process.stderr.write(
    `resolution failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
