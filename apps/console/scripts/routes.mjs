// Where the console's server sends `/api/<service>/…`: the same paths an Ingress (or the
// image's nginx) routes in Kubernetes. CONTRACT.md, "Services, ports, health", gives the local
// ports; CONSOLE_<SERVICE>_URL (e.g. CONSOLE_FOLLOWUP_URL) points one elsewhere.

export const SERVICE_PORTS = {
  intake: 3001,
  triage: 3002,
  resolution: 3003,
  'follow-up': 3004,
  analytics: 3005,
};

/** `{ intake: 'http://127.0.0.1:3001', … }` from the environment and the contract's ports. */
export function serviceUrls(env = process.env) {
  return Object.fromEntries(
    Object.entries(SERVICE_PORTS).map(([service, port]) => {
      const key = `CONSOLE_${service.replace(/-/g, '').toUpperCase()}_URL`;
      return [service, env[key] || `http://127.0.0.1:${port}`];
    }),
  );
}

/** Vite's proxy table: `/api/intake/complaints` → `<intake>/complaints`. */
export function proxyTable(urls) {
  return Object.fromEntries(
    Object.entries(urls).map(([service, target]) => [
      `/api/${service}/`,
      {
        target,
        changeOrigin: true,
        rewrite: (path) => path.slice(`/api/${service}`.length),
      },
    ]),
  );
}
