// Real licensed code for the accuracy benchmark, per language: a corpus side (code that gets copied) and a host side
// (unrelated code of the same language that receives the copies). Local packages are used where node_modules has
// them; the rest is fetched on demand with the ordinary clients (npm pack, apt-get download) into bench/work/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WORK = join(ROOT, 'bench/work/accuracy');
const NM = join(ROOT, 'node_modules');

function walk(dir, test, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, test, out);
    else if (test(p) && st.size > 0 && st.size < 2_000_000) out.push(p);
  }
  return out;
}

function npmPack(spec) {
  const dir = join(WORK, 'npm', spec.replace(/[@/]/g, '_'));
  if (existsSync(join(dir, 'package'))) return join(dir, 'package');
  mkdirSync(dir, { recursive: true });
  execFileSync('npm', ['pack', spec, '--pack-destination', dir, '--ignore-scripts', '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  execFileSync('tar', ['-xzf', join(dir, tgz), '-C', dir]);
  return join(dir, 'package');
}

function debPackage(name) {
  const dir = join(WORK, 'deb', name);
  if (existsSync(join(dir, 'usr'))) return dir;
  mkdirSync(dir, { recursive: true });
  execFileSync('apt-get', ['download', name], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  const deb = readdirSync(dir).find((f) => f.endsWith('.deb'));
  execFileSync('dpkg-deb', ['-x', join(dir, deb), dir]);
  return dir;
}

const tryLoad = (what, fn) => {
  try {
    return fn();
  } catch (err) {
    process.stderr.write(`accuracy: ${what} unavailable (${err.message.split('\n')[0]}); skipped\n`);
    return [];
  }
};

const rel = (base, files) => files.map((f) => ({ file: f, path: relative(base, f) }));

/** Per language: { corpus: [{file, path}], hosts: [{file, path}], source: text for the report }. */
export function datasets() {
  const sets = {};
  sets.c = {
    source:
      'corpus: libxml2 (vendored in libxmljs2, MIT); hosts: SQLite amalgamation (public domain) cut in 400-line files',
    corpus: rel(
      NM,
      walk(join(NM, 'libxmljs2/vendor/libxml'), (p) => p.endsWith('.c')),
    ),
    hosts: cutHosts(join(NM, 'better-sqlite3/deps/sqlite3/sqlite3.c'), 400, 60, 'c'),
  };
  sets.javascript = {
    source:
      'corpus: commander, fast-glob, yaml (node_modules); hosts: tar-stream, cli-progress, ajv/dist, fast-xml-parser',
    corpus: rel(NM, [
      ...walk(join(NM, 'commander/lib'), (p) => p.endsWith('.js')),
      ...walk(join(NM, 'fast-glob/out'), (p) => p.endsWith('.js')),
      ...walk(join(NM, 'yaml/dist'), (p) => p.endsWith('.js')),
    ]),
    hosts: rel(NM, [
      ...walk(join(NM, 'tar-stream'), (p) => p.endsWith('.js') && !p.includes('/node_modules/', NM.length + 1)),
      ...walk(join(NM, 'cli-progress/lib'), (p) => p.endsWith('.js')),
      ...walk(join(NM, 'ajv/dist/compile'), (p) => p.endsWith('.js')),
      ...walk(join(NM, 'fast-xml-parser/src'), (p) => p.endsWith('.js')),
    ]),
  };
  sets.typescript = {
    source: 'corpus: @grpc/grpc-js src (Apache-2.0); hosts: ajv lib, @cyclonedx/cyclonedx-library src',
    corpus: rel(
      NM,
      walk(join(NM, '@grpc/grpc-js/src'), (p) => p.endsWith('.ts') && !p.endsWith('.d.ts')),
    ),
    hosts: rel(NM, [
      ...walk(join(NM, 'ajv/lib'), (p) => p.endsWith('.ts') && !p.endsWith('.d.ts')),
      ...walk(join(NM, '@cyclonedx/cyclonedx-library/src'), (p) => p.endsWith('.ts') && !p.endsWith('.d.ts')),
    ]),
  };
  sets.python = tryLoad('python', () => {
    const gyp = npmPack('node-gyp@10.2.0');
    const py = walk('/usr/lib/python3.11', (p) => /\/python3\.11\/[a-z_]+\.py$/.test(p));
    return {
      source: 'corpus: gyp in node-gyp 10.2.0 (BSD-3-Clause, npm pack); hosts: CPython 3.11 standard library modules',
      corpus: rel(
        gyp,
        walk(join(gyp, 'gyp/pylib'), (p) => p.endsWith('.py')),
      ),
      hosts: py.map((f) => ({ file: f, path: relative('/usr/lib/python3.11', f) })),
    };
  });
  sets.java = tryLoad('java', () => {
    const cordova = npmPack('cordova-android@13.0.0');
    const webview = npmPack('react-native-webview@13.12.5');
    const camera = npmPack('cordova-plugin-camera@8.0.0');
    return {
      source:
        'corpus: cordova-android 13.0.0 (Apache-2.0, npm pack); hosts: react-native-webview 13.12.5, cordova-plugin-camera 8.0.0',
      corpus: rel(
        cordova,
        walk(cordova, (p) => p.endsWith('.java')),
      ),
      hosts: [
        ...rel(
          webview,
          walk(webview, (p) => p.endsWith('.java')),
        ),
        ...rel(
          camera,
          walk(camera, (p) => p.endsWith('.java')),
        ),
      ],
    };
  });
  sets.go = tryLoad('go', () => {
    const cobra = debPackage('golang-github-spf13-cobra-dev');
    const errors = debPackage('golang-github-pkg-errors-dev');
    const pflag = debPackage('golang-github-spf13-pflag-dev');
    const uuid = debPackage('golang-github-google-uuid-dev');
    const go = (d) => walk(join(d, 'usr/share/gocode/src'), (p) => p.endsWith('.go') && !p.endsWith('_test.go'));
    return {
      source:
        'corpus: cobra 1.6.1, pkg/errors 0.9.1 (Debian golang-*-dev, Apache-2.0/BSD-2-Clause); hosts: spf13/pflag, google/uuid',
      corpus: [...rel(cobra, go(cobra)), ...rel(errors, go(errors))],
      hosts: [...rel(pflag, go(pflag)), ...rel(uuid, go(uuid))],
    };
  });
  return sets;
}

/** Cuts one big file into host files of `lines` lines (at most `max` of them), written to bench/work. */
function cutHosts(file, lines, max, ext) {
  if (!existsSync(file)) return [];
  const all = readFileSync(file, 'utf8').split('\n');
  const out = [];
  const dir = join(WORK, 'cut', ext);
  mkdirSync(dir, { recursive: true });
  const step = Math.floor(all.length / max);
  for (let i = 0; i < max; i++) {
    const path = join(dir, `host${i}.${ext}`);
    if (!existsSync(path)) {
      writeFileSync(path, all.slice(i * step, i * step + lines).join('\n'));
    }
    out.push({ file: path, path: `sqlite3-part${i}.c` });
  }
  return out;
}
