// Benchmark part "console": the web console's production bundle (issue 17: < 300 kB gzip).
//
//   bundle   what a first visit downloads: the files apps/console/dist/index.html references
//            (JavaScript and CSS), each gzip-compressed at level 6 (zlib's default, what a web
//            server or CDN typically sends) and at level 9, summed.
//
// The time to an interactive queue page with 10,000 open cases (the second figure, < 1 s)
// is not measured yet: see the README's Console section.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const title = 'console — production bundle size (gzip)';
export const packages = ['@redress/console'];

const TARGET_KB = 300;

/** The JavaScript and CSS files the built index.html loads, relative to dist/. */
export function entryAssets(html) {
  const assets = new Set();
  for (const match of html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)) assets.add(match[1]);
  return [...assets];
}

export async function run(context) {
  const dist = join(context.repoRoot, 'apps/console/dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...entryAssets(html), 'index.html'].map((file) => {
    const content = readFileSync(join(dist, file));
    return {
      file,
      bytes: statSync(join(dist, file)).size,
      gzip6: gzipSync(content, { level: 6 }).length,
      gzip9: gzipSync(content, { level: 9 }).length,
    };
  });
  const sum = (key, filter = () => true) =>
    files.filter(filter).reduce((total, f) => total + f[key], 0) / 1024;
  const isJs = (f) => f.file.endsWith('.js');
  const isCss = (f) => f.file.endsWith('.css');
  const rows = [
    {
      figure: 'first load, gzip (JS + CSS + HTML)',
      value: sum('gzip6'),
      unit: 'kB',
      target: { max: TARGET_KB },
      note: `${files.length} files; ${sum('bytes').toFixed(0)} kB uncompressed; ${sum('gzip9').toFixed(1)} kB at gzip -9`,
    },
    { figure: 'JavaScript, gzip', value: sum('gzip6', isJs), unit: 'kB' },
    { figure: 'CSS, gzip', value: sum('gzip6', isCss), unit: 'kB' },
  ];
  return { rows, details: { files } };
}
