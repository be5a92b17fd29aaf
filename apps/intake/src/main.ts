import 'reflect-metadata';
import { loadConfig, runServiceProcesses, startService } from '@redress/platform';
import { IntakeConfig, intakeAppOptions } from './intake.config';
import { IntakeModule } from './intake.module';
import { migrate } from './persistence/data-source';

async function main(): Promise<void> {
  const config = loadConfig(IntakeConfig);
  await runServiceProcesses({
    service: 'intake',
    workers: config.SERVICE_WORKERS,
    logLevel: config.LOG_LEVEL,
    prepare: () => migrate(config.DATABASE_URL),
    start: () =>
      startService(IntakeModule.forRoot({ config }), {
        ...intakeAppOptions(config),
        title: 'Redress intake API',
        description:
          'Registration of complaints from every channel, amendments, withdrawal, status.',
        port: config.PORT,
      }),
  });
}

main().catch((error: unknown) => {
  // Configuration errors name the variable; nothing else is printed that could hold a secret.
  process.stderr.write(
    `intake failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
