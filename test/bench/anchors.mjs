// The libraries we compare with, as published on npm (devDependencies of the benchmark only): the
// files a site loads for the feature, JavaScript and CSS, compressed each on its own.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const file = (pkg, path) => require.resolve(`${pkg}/package.json`).replace(/package\.json$/, path);
const version = (pkg) => JSON.parse(readFileSync(file(pkg, 'package.json'), 'utf8')).version;

/** name → the package and the files a page includes for a typical setup. */
export const ANCHORS = [
  { name: 'Shariff (share buttons)', pkg: 'shariff', js: ['dist/shariff.complete.js'], css: ['dist/shariff.complete.css'] },
  { name: 'Klaro! (consent manager)', pkg: 'klaro', js: ['dist/klaro.js'], css: [] },
  { name: 'tarteaucitron (consent manager, en)', pkg: 'tarteaucitronjs', js: ['tarteaucitron.min.js', 'tarteaucitron.services.min.js', 'lang/tarteaucitron.en.min.js'], css: ['css/tarteaucitron.min.css'] },
  { name: 'vanilla-cookieconsent', pkg: 'vanilla-cookieconsent', js: ['dist/cookieconsent.umd.js'], css: ['dist/cookieconsent.css'] },
  { name: '@orestbida/iframemanager', pkg: '@orestbida/iframemanager', js: ['dist/iframemanager.js'], css: ['dist/iframemanager.css'] },
  { name: 'lite-youtube-embed (no consent step)', pkg: 'lite-youtube-embed', js: ['src/lite-yt-embed.js'], css: ['src/lite-yt-embed.css'] },
];

function weighFiles(pkg, paths) {
  let min = 0;
  let gzip = 0;
  let brotli = 0;
  for (const path of paths) {
    const buf = readFileSync(file(pkg, path));
    min += buf.length;
    gzip += gzipSync(buf, { level: 9 }).length;
    brotli += brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { min, gzip, brotli };
}

/** Each anchor's JS and CSS sizes. */
export function weighAnchors() {
  return ANCHORS.map((a) => ({ name: `${a.name} ${version(a.pkg)}`, js: weighFiles(a.pkg, a.js), css: weighFiles(a.pkg, a.css) }));
}
