#!/usr/bin/env node
// Serves the built console (dist/) on CONSOLE_PORT (3000 by default; CONTRACT.md) with Vite's
// preview server: /api/<service>/… is proxied to each service (scripts/routes.mjs), and the
// development sign-in (scripts/dev-sign-in.mjs) answers when NODE_ENV is not production.
// A deployment serves dist/ from the console image's nginx instead (see the README).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import { devSignInPlugin } from './dev-sign-in.mjs';
import { proxyTable, serviceUrls } from './routes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

if (!existsSync(join(root, 'dist/index.html'))) {
  process.stderr.write(
    'The console is not built: run `npx turbo run build --filter=@redress/console`.\n',
  );
  process.exit(1);
}
const port = Number(process.env.CONSOLE_PORT || process.env.PORT || 3000);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  process.stderr.write(`CONSOLE_PORT must be a TCP port, not "${process.env.CONSOLE_PORT}"\n`);
  process.exit(1);
}
const host = process.env.CONSOLE_HOST || '127.0.0.1';
const proxy = proxyTable(serviceUrls());

/** Liveness and readiness for `npm start` and Kubernetes probes: it serves files, nothing more. */
const health = {
  name: 'redress-console-health',
  configurePreviewServer(server) {
    server.middlewares.use((req, res, next) => {
      if (req.url !== '/health/live' && req.url !== '/health/ready') return next();
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ status: 'ok', service: 'console' }));
    });
  },
};

const server = await preview({
  root,
  configFile: false,
  logLevel: 'warn',
  plugins: [health, devSignInPlugin()],
  preview: { port, host, strictPort: true, proxy },
});
process.stdout.write(`console listening on http://${host}:${port}\n`);

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
