// The real code of the accuracy benchmark, per language: corpus projects (licensed code that gets copied: GPL, LGPL,
// MPL, Apache) and host projects (unrelated permissive code of the same language that receives the copies). Every
// project is pinned to an exact version of a Debian package or an npm package, so anyone gets the same bytes
// (bench/accuracy/fetch.mjs caches them under bench/work/accuracy/).
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { debBinary, debSource, npmPackage } from './fetch.mjs';

/** File names of each language's code (what fragments are cut from and inserted into). */
export const EXTENSIONS = {
  c: ['.c'],
  go: ['.go'],
  java: ['.java'],
  javascript: ['.js', '.mjs'],
  typescript: ['.ts'],
  python: ['.py'],
};

const go = (source, binary, debVersion) => ({
  kind: 'deb-bin',
  source,
  binary,
  debVersion,
  dirs: ['usr/share/gocode/src'],
});
/** Python packages come as Debian binary packages too: they ship the modules' sources. */
const py = (source, binary, debVersion, module) => ({
  kind: 'deb-bin',
  source,
  binary,
  debVersion,
  dirs: [`usr/lib/python3/dist-packages/${module}`],
});

/**
 * name, license (SPDX), where the tree comes from, and `dirs`: the folders of the tree that are ingested (corpus) or
 * put in the host repository (hosts). Corpus projects are ingested whole within `dirs` (every language, docs too), as
 * a user would add them; fragments are cut only from files of the project's language.
 */
export const PROJECTS = {
  c: {
    corpus: [
      {
        name: 'nano',
        version: '7.2',
        license: 'GPL-3.0-or-later',
        kind: 'deb',
        source: 'nano',
        debVersion: '7.2-1+deb12u1',
        dirs: ['src'],
      },
      {
        name: 'gawk',
        version: '5.2.1',
        license: 'GPL-3.0-or-later',
        kind: 'deb',
        source: 'gawk',
        debVersion: '1:5.2.1-2',
        dirs: ['.'],
        exclude: ['test', 'po', 'doc', 'awklib', 'extras', 'm4'],
      },
      {
        name: 'libsndfile',
        version: '1.2.0',
        license: 'LGPL-2.1-or-later',
        kind: 'deb',
        source: 'libsndfile',
        debVersion: '1.2.0-1+deb12u1',
        dirs: ['src', 'programs'],
      },
      {
        name: 'apr',
        version: '1.7.2',
        license: 'Apache-2.0',
        kind: 'deb',
        source: 'apr',
        debVersion: '1.7.2-3+deb12u1',
        dirs: ['.'],
        exclude: ['docs', 'build'],
      },
    ],
    hosts: [
      // src/inet.c is ISC's inet_pton/inet_ntop, which APR ships too (network_io/unix/inet_pton.c): a real copy
      {
        name: 'libuv',
        license: 'MIT',
        kind: 'deb',
        source: 'libuv1',
        debVersion: '1.44.2-1+deb12u1',
        dirs: ['src', 'test', 'include'],
        exclude: ['src/inet.c'],
      },
      { name: 'lua', license: 'MIT', kind: 'deb', source: 'lua5.4', debVersion: '5.4.4-3+deb12u1', dirs: ['src'] },
      { name: 'jansson', license: 'MIT', kind: 'deb', source: 'jansson', debVersion: '2.14-2', dirs: ['src', 'test'] },
    ],
  },
  go: {
    corpus: [
      {
        name: 'hashicorp-hcl',
        version: '1.0.0',
        license: 'MPL-2.0',
        ...go('golang-github-hashicorp-hcl', 'golang-github-hashicorp-hcl-dev', '1.0.0-1.1'),
      },
      {
        name: 'hashicorp-memberlist',
        version: '0.2.2',
        license: 'MPL-2.0',
        ...go('golang-github-hashicorp-memberlist', 'golang-github-hashicorp-memberlist-dev', '0.2.2-2'),
      },
      {
        name: 'hashicorp-raft',
        version: '1.1.2',
        license: 'MPL-2.0',
        ...go('golang-github-hashicorp-raft', 'golang-github-hashicorp-raft-dev', '1.1.2-1'),
      },
      {
        name: 'hashicorp-serf',
        version: '0.9.4',
        license: 'MPL-2.0',
        ...go('golang-github-hashicorp-serf', 'golang-github-hashicorp-serf-dev', '0.9.4~ds1-1'),
      },
      {
        name: 'hashicorp-go-getter',
        version: '1.4.1',
        license: 'MPL-2.0',
        ...go('golang-github-hashicorp-go-getter', 'golang-github-hashicorp-go-getter-dev', '1.4.1-1'),
      },
      {
        name: 'prometheus-client-golang',
        version: '1.14.0',
        license: 'Apache-2.0',
        ...go('golang-github-prometheus-client-golang', 'golang-github-prometheus-client-golang-dev', '1.14.0-3'),
      },
      {
        name: 'containerd',
        version: '1.6.20',
        license: 'Apache-2.0',
        ...go('containerd', 'golang-github-containerd-containerd-dev', '1.6.20~ds1-1+deb12u3'),
      },
      {
        name: 'docker',
        version: '20.10.24',
        license: 'Apache-2.0',
        ...go('docker.io', 'golang-github-docker-docker-dev', '20.10.24+dfsg1-1+deb12u1'),
      },
    ],
    hosts: [
      {
        name: 'gin',
        license: 'MIT',
        ...go('golang-github-gin-gonic-gin', 'golang-github-gin-gonic-gin-dev', '1.8.1-1'),
      },
      { name: 'logrus', license: 'MIT', ...go('golang-logrus', 'golang-github-sirupsen-logrus-dev', '1.9.0-1') },
      {
        name: 'urfave-cli',
        license: 'MIT',
        ...go('golang-github-urfave-cli', 'golang-github-urfave-cli-dev', '1.22.9-2'),
      },
      // assert/assertions.go and mock/mock.go hold the diff helpers client_golang's testutil copied: a real copy
      {
        name: 'testify',
        license: 'MIT',
        ...go('golang-testify', 'golang-github-stretchr-testify-dev', '1.8.1-1'),
        exclude: [
          'usr/share/gocode/src/github.com/stretchr/testify/assert/assertions.go',
          'usr/share/gocode/src/github.com/stretchr/testify/mock/mock.go',
        ],
      },
      {
        name: 'gorilla-mux',
        license: 'BSD-3-Clause',
        ...go('golang-github-gorilla-mux', 'golang-github-gorilla-mux-dev', '1.8.0-1'),
      },
      {
        name: 'viper',
        license: 'MIT',
        ...go('golang-github-spf13-viper', 'golang-github-spf13-viper-dev', '1.10.1-1'),
      },
      {
        name: 'echo',
        license: 'MIT',
        ...go('golang-github-labstack-echo', 'golang-github-labstack-echo-dev', '4.2.1-3'),
      },
    ],
  },
  java: {
    corpus: [
      {
        name: 'commons-lang3',
        version: '3.12.0',
        license: 'Apache-2.0',
        kind: 'deb',
        source: 'libcommons-lang3-java',
        debVersion: '3.12.0-2+deb12u1',
        dirs: ['src'],
      },
      {
        name: 'commons-io',
        version: '2.11.0',
        license: 'Apache-2.0',
        kind: 'deb',
        source: 'commons-io',
        debVersion: '2.11.0-2',
        dirs: ['src'],
      },
      {
        name: 'commons-collections4',
        version: '4.2',
        license: 'Apache-2.0',
        kind: 'deb',
        source: 'libcommons-collections4-java',
        debVersion: '4.2-1',
        dirs: ['src'],
      },
      {
        name: 'jfreechart',
        version: '1.0.19',
        license: 'LGPL-2.1-or-later',
        kind: 'deb',
        source: 'libjfreechart-java',
        debVersion: '1.0.19-3',
        dirs: ['source', 'tests', 'src'],
      },
    ],
    hosts: [
      { name: 'jsoup', license: 'MIT', kind: 'deb', source: 'jsoup', debVersion: '1.15.3-1', dirs: ['src'] },
      { name: 'args4j', license: 'MIT', kind: 'deb', source: 'args4j', debVersion: '2.33-2', dirs: ['.'] },
      {
        name: 'hamcrest',
        license: 'BSD-3-Clause',
        kind: 'deb',
        source: 'libhamcrest-java',
        debVersion: '2.2-1',
        dirs: ['.'],
      },
      { name: 'jline2', license: 'BSD-3-Clause', kind: 'deb', source: 'jline2', debVersion: '2.14.6-5', dirs: ['src'] },
    ],
  },
  python: {
    corpus: [
      {
        name: 'paramiko',
        version: '2.12.0',
        license: 'LGPL-2.1-or-later',
        ...py('paramiko', 'python3-paramiko', '2.12.0-2', 'paramiko'),
      },
      {
        name: 'mercurial',
        version: '6.3.2',
        license: 'GPL-2.0-or-later',
        kind: 'deb',
        source: 'mercurial',
        debVersion: '6.3.2-1+deb12u1',
        dirs: ['mercurial', 'hgext'],
      },
      {
        name: 'requests',
        version: '2.28.1',
        license: 'Apache-2.0',
        ...py('requests', 'python3-requests', '2.28.1+dfsg-1', 'requests'),
      },
    ],
    hosts: [
      { name: 'click', license: 'BSD-3-Clause', ...py('python-click', 'python3-click', '8.1.3-2', 'click') },
      { name: 'flask', license: 'BSD-3-Clause', ...py('flask', 'python3-flask', '2.2.2-3', 'flask') },
      {
        name: 'jinja2',
        license: 'BSD-3-Clause',
        kind: 'deb',
        source: 'jinja2',
        debVersion: '3.1.2-1+deb12u3',
        dirs: ['src', 'tests'],
      },
      // not attrs: mercurial vendors it (mercurial/thirdparty/attr), a real copy
      {
        name: 'markdown',
        license: 'BSD-3-Clause',
        ...py('python-markdown', 'python3-markdown', '3.4.1-2+deb12u1', 'markdown'),
      },
      { name: 'pygments', license: 'BSD-2-Clause', ...py('pygments', 'python3-pygments', '2.14.0+dfsg-1', 'pygments') },
    ],
  },
  javascript: {
    corpus: [
      {
        name: 'tinymce',
        version: '7.6.0',
        license: 'GPL-2.0-or-later',
        kind: 'npm',
        spec: 'tinymce@7.6.0',
        dirs: ['.'],
      },
      { name: 'echarts', version: '5.5.1', license: 'Apache-2.0', kind: 'npm', spec: 'echarts@5.5.1', dirs: ['lib'] },
      {
        name: 'pdfjs-dist',
        version: '4.8.69',
        license: 'Apache-2.0',
        kind: 'npm',
        spec: 'pdfjs-dist@4.8.69',
        dirs: ['build', 'web'],
      },
    ],
    hosts: [
      { name: 'express', license: 'MIT', kind: 'npm', spec: 'express@4.21.2', dirs: ['.'] },
      { name: 'lodash', license: 'MIT', kind: 'npm', spec: 'lodash@4.17.21', dirs: ['.'] },
      { name: 'moment', license: 'MIT', kind: 'npm', spec: 'moment@2.30.1', dirs: ['src'] },
      { name: 'axios', license: 'MIT', kind: 'npm', spec: 'axios@1.7.9', dirs: ['lib'] },
      { name: 'async', license: 'MIT', kind: 'npm', spec: 'async@3.2.6', dirs: ['internal', '.'] },
    ],
  },
  typescript: {
    corpus: [
      {
        name: 'typescript',
        version: '4.8.4',
        license: 'Apache-2.0',
        kind: 'deb',
        source: 'node-typescript',
        debVersion: '4.8.4+ds1-2',
        dirs: ['src/compiler', 'src/services', 'src/server'],
      },
      { name: 'rxjs', version: '7.8.1', license: 'Apache-2.0', kind: 'npm', spec: 'rxjs@7.8.1', dirs: ['src'] },
    ],
    hosts: [
      { name: 'effect', license: 'MIT', kind: 'npm', spec: 'effect@3.10.0', dirs: ['src'] },
      { name: 'redux-toolkit', license: 'MIT', kind: 'npm', spec: '@reduxjs/toolkit@2.3.0', dirs: ['src'] },
      { name: 'query-core', license: 'MIT', kind: 'npm', spec: '@tanstack/query-core@5.59.0', dirs: ['src'] },
      { name: 'mobx', license: 'MIT', kind: 'npm', spec: 'mobx@6.13.5', dirs: ['src'] },
      { name: 'ajv', license: 'MIT', kind: 'npm', spec: 'ajv@8.17.1', dirs: ['lib'] },
    ],
  },
};

export const LANGUAGES = Object.keys(PROJECTS);

/** The project's tree, fetched on first use. */
export async function tree(p) {
  if (p.kind === 'npm') return npmPackage(p.spec);
  if (p.kind === 'deb') return debSource(p.source, p.debVersion);
  return debBinary(p.source, p.binary, p.debVersion);
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.github', '__pycache__']);

/** Files under the project's `dirs` (no symbolic links), as { file, path } with `path` relative to the tree. */
export function projectFiles(root, p, test = () => true) {
  const out = [];
  const seen = new Set();
  const excluded = new Set((p.exclude ?? []).map((d) => join(root, d)));
  const walk = (dir, depthLimited) => {
    if (!existsSync(dir) || excluded.has(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const st = lstatSync(full);
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) {
        if (!SKIP_DIRS.has(name) && !depthLimited) walk(full, false);
      } else if (st.isFile() && !seen.has(full) && !excluded.has(full) && test(full)) {
        seen.add(full);
        out.push({ file: full, path: relative(root, full) });
      }
    }
  };
  for (const d of p.dirs) walk(join(root, d), false);
  return out;
}

export const isLanguage = (lang) => (f) => EXTENSIONS[lang].some((e) => f.endsWith(e)) && !f.endsWith('.d.ts');
