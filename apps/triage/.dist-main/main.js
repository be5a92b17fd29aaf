"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
require("reflect-metadata");
const platform_1 = require("@redress/platform");
const triage_config_1 = require("./triage.config");
const triage_module_1 = require("./triage.module");
const data_source_1 = require("./persistence/data-source");
async function main() {
    const config = (0, platform_1.loadConfig)(triage_config_1.TriageConfig);
    await (0, data_source_1.migrate)(config.DATABASE_URL);
    await (0, platform_1.startService)(triage_module_1.TriageModule.forRoot({ config }), {
        service: 'triage',
        title: 'Redress triage API',
        description: 'Grading, classification, routing and deadlines of every complaint; the triage policy.',
        port: config.PORT,
        bodyLimit: config.HTTP_BODY_LIMIT,
    });
}
main().catch((error) => {
    // Configuration errors name the variable; nothing else is printed that could hold a secret.
    process.stderr.write(`triage failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
});
//# sourceMappingURL=main.js.map