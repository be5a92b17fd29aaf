// Reads a V8 CPU profile (.cpuprofile) of a service under load and says where its CPU time
// went: by package (self time: the package's own code; inclusive: the package and everything it
// called), and the functions with the most self time. Time in native code (crypto, JSON, zlib)
// counts towards the JavaScript function that called it.

const SPECIAL = {
  '(idle)': 'idle',
  '(garbage collector)': 'garbage collector',
  '(program)': 'native (outside JavaScript)',
  '(root)': 'root',
};

/** The package a profile frame belongs to, from its script URL. */
export function packageOf(frame) {
  const special = SPECIAL[frame.functionName];
  if (special && !frame.url) return special;
  const url = frame.url ?? '';
  if (url === '') return 'V8 builtins';
  if (url.startsWith('node:')) {
    const parts = url
      .slice('node:'.length)
      .replace(/^internal\//, '')
      .split('/');
    const first = parts[0].replace(/^_/, '');
    return `node:${first.startsWith('http') ? 'http' : first}`;
  }
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const lib = /\/libs\/([^/]+)\//.exec(url);
  if (lib) return `@redress/${lib[1]}`;
  const app = /\/apps\/([^/]+)\//.exec(url);
  if (app) return `${app[1]} (service code)`;
  return 'other';
}

/**
 * Layers of a service a request passes through, by package (self time, so nothing counts
 * twice). Socket system calls show as V8 builtins named writev/writeBuffer; on a busy machine
 * they also absorb the time the thread waited for a core after waking Postgres or the client.
 */
const LAYERS = [
  [
    'socket writes (system calls)',
    (pkg, name) =>
      pkg === 'V8 builtins' &&
      /^(writev|writeBuffer|writeUtf8String|writeLatin1String)$/.test(name),
  ],
  ['garbage collection', (pkg) => pkg === 'garbage collector'],
  [
    'Postgres driver (pg)',
    (pkg) =>
      /^(pg|pg-protocol|pg-pool|pg-types|pg-int8|postgres-.*|pgpass|buffer-writer|packet-reader)$/.test(
        pkg,
      ),
  ],
  ['Kafka client (kafkajs)', (pkg) => pkg === 'kafkajs'],
  [
    'HTTP server and framework (Fastify, or Express before it)',
    (pkg) =>
      /^(fastify|@fastify\/.*|find-my-way|avvio|fast-querystring|fast-json-stringify|fast-uri|toad-cache|light-my-request|abstract-logging|process-warning|secure-json-parse|rfdc|fast-decode-uri-component|safe-regex2|ret|node:http|node:net|node:stream_base_commons|node:streams|express|router|body-parser|raw-body|content-type|type-is|iconv-lite|finalhandler|send|on-finished|statuses|qs|cookie|mime-types|media-typer|depd|http-errors|encodeurl|parseurl|path-to-regexp|vary|etag|fresh|range-parser|forwarded|proxy-addr|accepts|negotiator|safe-buffer|bytes|destroy|ee-first|unpipe|content-disposition|merge-descriptors|methods|utils-merge|serve-static|escape-html|debug|ms)$/.test(
        pkg,
      ),
  ],
  [
    'NestJS',
    (pkg) =>
      pkg.startsWith('@nestjs/') ||
      /^(iterare|rxjs|reflect-metadata|tslib|uid|fast-safe-stringify|path-to-regexp)$/.test(pkg),
  ],
  [
    'validation (class-validator, class-transformer)',
    (pkg) => /^(class-validator|class-transformer|validator|libphonenumber-js)$/.test(pkg),
  ],
  ['token check (jose)', (pkg) => pkg === 'jose'],
  [
    'logging (pino)',
    (pkg) =>
      /^(pino|pino-http|@pinojs\/redact|pino-std-serializers|nestjs-pino|fast-redact|sonic-boom|thread-stream|quick-format-unescaped|atomic-sleep|on-exit-leak-free|safe-stable-stringify)$/.test(
        pkg,
      ),
  ],
  ['metrics (prom-client)', (pkg) => /^(prom-client|tdigest|bintrees)$/.test(pkg)],
  ['event validation (TypeBox)', (pkg) => pkg.startsWith('@sinclair/')],
  ['async context (async_hooks)', (pkg) => pkg === 'node:async_hooks'],
  ['crypto', (pkg) => pkg === 'node:crypto'],
  [
    'service and @redress libs',
    (pkg) => pkg.startsWith('@redress/') || pkg.endsWith('(service code)'),
  ],
  ['Node core, other', (pkg) => pkg.startsWith('node:')],
  ['V8 builtins and microtasks', (pkg) => pkg === 'V8 builtins'],
  ['native (outside JavaScript)', (pkg) => pkg === 'native (outside JavaScript)'],
];

function layerOf(pkg, name) {
  for (const [layer, test] of LAYERS) if (test(pkg, name)) return layer;
  return 'other packages';
}

function shortUrl(url) {
  if (!url) return '';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) return url.slice(modules + '/node_modules/'.length);
  const repo = /\/((?:apps|libs)\/.*)$/.exec(url);
  if (repo) return repo[1];
  return url.replace(/^file:\/\//, '');
}

/** A profile's call frame as a function's name and where it is, with a key naming it once. */
function siteOf(frame) {
  const name = frame.functionName || '(anonymous)';
  return {
    key: `${name}|${frame.url}|${frame.lineNumber}`,
    name,
    where: frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '',
  };
}

/**
 * A sampling heap profile (`HeapProfiler.stopSampling`): `{ totalBytes, sites: [{ name, where,
 * bytes, share }] }`, the bytes each function allocated itself (summed over the tree), largest
 * first.
 */
export function summariseAllocations(profile) {
  const sites = new Map();
  let totalBytes = 0;
  const visit = (node) => {
    if (node.selfSize > 0) {
      const site = siteOf(node.callFrame ?? {});
      const entry = sites.get(site.key) ?? { name: site.name, where: site.where, bytes: 0 };
      entry.bytes += node.selfSize;
      sites.set(site.key, entry);
      totalBytes += node.selfSize;
    }
    for (const child of node.children ?? []) visit(child);
  };
  if (profile?.head) visit(profile.head);
  return {
    totalBytes,
    sites: [...sites.values()]
      .sort((a, b) => b.bytes - a.bytes)
      .map((entry) => ({ ...entry, share: totalBytes ? entry.bytes / totalBytes : 0 })),
  };
}

/**
 * `{ sampledMs, busyMs, byLayer: [{ name, selfMs, selfShare }], byPackage: [{ name, selfMs, selfShare, inclusiveMs, inclusiveShare }],
 * topFunctions: [{ name, where, package, selfMs, selfShare }] }`; shares are of the busy
 * (non-idle) time.
 */
export function summariseProfile(profile, { top = 25 } = {}) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);

  // Each sample lasts until the next one.
  const deltas = profile.timeDeltas ?? [];
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i += 1) {
    const us = Math.max(0, deltas[i + 1] ?? deltas[i] ?? 0);
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + us);
  }

  const packageSets = new Map();
  const packagesOnStack = (id) => {
    let set = packageSets.get(id);
    if (set) return set;
    const node = nodes.get(id);
    const up = parent.get(id);
    set = new Set(up === undefined ? [] : packagesOnStack(up));
    set.add(packageOf(node.callFrame));
    packageSets.set(id, set);
    return set;
  };

  let sampledUs = 0;
  let idleUs = 0;
  const self = new Map();
  const layers = new Map();
  const inclusive = new Map();
  const functions = new Map();
  for (const [id, us] of selfUs) {
    const node = nodes.get(id);
    const pkg = packageOf(node.callFrame);
    sampledUs += us;
    if (pkg === 'idle') {
      idleUs += us;
      continue;
    }
    self.set(pkg, (self.get(pkg) ?? 0) + us);
    const layer = layerOf(pkg, node.callFrame.functionName);
    layers.set(layer, (layers.get(layer) ?? 0) + us);
    for (const onStack of packagesOnStack(id)) {
      if (onStack === 'root') continue;
      inclusive.set(onStack, (inclusive.get(onStack) ?? 0) + us);
    }
    const site = siteOf(node.callFrame);
    const entry = functions.get(site.key) ?? {
      name: site.name,
      where: site.where,
      package: pkg,
      us: 0,
    };
    entry.us += us;
    functions.set(site.key, entry);
  }
  const busyUs = sampledUs - idleUs;
  const share = (us) => (busyUs > 0 ? us / busyUs : 0);
  const byPackage = [...new Set([...self.keys(), ...inclusive.keys()])]
    .map((name) => ({
      name,
      selfMs: (self.get(name) ?? 0) / 1000,
      selfShare: share(self.get(name) ?? 0),
      inclusiveMs: (inclusive.get(name) ?? 0) / 1000,
      inclusiveShare: share(inclusive.get(name) ?? 0),
    }))
    .sort((a, b) => b.selfMs - a.selfMs);
  const topFunctions = [...functions.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((f) => ({
      name: f.name,
      where: f.where,
      package: f.package,
      selfMs: f.us / 1000,
      selfShare: share(f.us),
    }));
  const byLayer = [...layers]
    .map(([name, us]) => ({ name, selfMs: us / 1000, selfShare: share(us) }))
    .sort((a, b) => b.selfMs - a.selfMs);
  return {
    sampledMs: sampledUs / 1000,
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    byLayer,
    byPackage,
    topFunctions,
  };
}
