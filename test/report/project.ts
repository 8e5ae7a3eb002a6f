// A real project for end-to-end report tests: licensed corpus sources ingested with `provscan corpus add`, and a
// git repository (MIT) whose AI-assisted commits copy some of that code, one of them into a hostile file name.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusAdd } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';

export const HOSTILE_FILE = 'src/<img src=x onerror=alert(1)>.js';

function cFunctions(prefix: string, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      `static int ${prefix}_rotate_${i}(struct node *n, int depth)`,
      '{',
      '    struct node *left = n->left;',
      `    int balance = height(left) - height(n->right) + ${i};`,
      `    if (balance > 1 && depth < ${i * 3 + 7}) {`,
      '        n->left = left->right;',
      '        left->right = n;',
      '        update_height(n);',
      `        return balance * ${i + 2};`,
      '    }',
      `    for (int k = 0; k < depth; k++) balance += lookup_table[k % ${i + 5}] ^ (k << ${i % 5});`,
      `    return balance - ${i};`,
      '}',
      '',
    );
  }
  return out;
}

function cSorts(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      `void sort_pass_${i}(int *items, size_t len, size_t gap)`,
      '{',
      `    for (size_t i = gap; i < len; i += ${i + 1}) {`,
      '        int value = items[i];',
      '        size_t j = i;',
      `        while (j >= gap && items[j - gap] > value * ${i + 2}) {`,
      '            items[j] = items[j - gap];',
      '            j -= gap;',
      '        }',
      `        items[j] = value ^ ${i * 7 + 1};`,
      '    }',
      '}',
      '',
    );
  }
  return out;
}

function jsFunctions(prefix: string, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      `export function ${prefix}Merge${i}(target, source, depth = ${i + 1}) {`,
      `  if (depth > ${i + 8}) throw new Error('too deep: ' + depth);`,
      '  for (const key of Object.keys(source)) {',
      `    const value = source[key] ?? defaults[${i}];`,
      "    if (value && typeof value === 'object' && !Array.isArray(value)) {",
      `      target[key] = ${prefix}Merge${i}(target[key] || {}, value, depth + 1);`,
      '    } else {',
      `      target[key] = transform${i % 3}(value, key.length * ${i + 3});`,
      '    }',
      '  }',
      '  return target;',
      '}',
      '',
    );
  }
  return out;
}

export interface Project {
  readonly repo: TestRepo;
  readonly db: string;
  readonly dir: { path: string; cleanup(): void };
  cleanup(): void;
}

/** Builds the corpus database and the repository (takes a few seconds: real git, real SQLite). */
export async function buildProject(): Promise<Project> {
  const dir = tempDir('provscan-report-e2e-');
  const db = join(dir.path, 'corpus.db');
  const sources: Array<[name: string, license: string, file: string, lines: string[]]> = [
    ['rbtree', 'GPL-3.0-or-later', 'rbtree.c', ['#include "rbtree.h"', '', ...cFunctions('rb', 10)]],
    ['deepmerge-lite', 'LGPL-2.1-or-later', 'merge.js', ["'use strict';", '', ...jsFunctions('deep', 8)]],
    ['fastsort', 'MIT', 'sort.c', ['#include <stddef.h>', '', ...cSorts(8)]],
  ];
  for (const [name, license, file, lines] of sources) {
    const src = join(dir.path, 'corpus', name);
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, file), `${lines.join('\n')}\n`);
    await corpusAdd(src, db, { name, license, version: '1.0', purl: `pkg:generic/${name}@1.0` });
  }

  const repo = TestRepo.create('provscan-report-repo-');
  repo
    .write('package.json', `${JSON.stringify({ name: 'demo-app', version: '1.0.0', license: 'MIT' }, null, 2)}\n`)
    .write('LICENSE', 'MIT License\n\nCopyright (c) 2026 Ada Human\n')
    .write('src/math.js', 'export function add(a, b) {\n  return a + b;\n}\n');
  repo.commit('Initial commit');
  const tree = [
    '#include "tree.h"',
    '/* balancing helpers */',
    ...cFunctions('rb', 10).slice(0, 84),
    'int main(void) { return 0; }',
  ];
  repo.write('src/tree.c', `${tree.join('\n')}\n`);
  repo.commit('Add tree balancing\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n');
  const hostile = [
    '// helper copied by an assistant',
    'const banner = "</script><script>alert(2)</script>";',
    ...jsFunctions('deep', 8).slice(0, 65),
  ];
  repo.write(HOSTILE_FILE, `${hostile.join('\n')}\n`);
  repo.commit('Add merge helpers <b>bold</b>\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n');
  repo.write('src/sort.c', `${['#include <stddef.h>', ...cSorts(8).slice(0, 70)].join('\n')}\n`);
  repo.commit('Vendor sort routines');
  return {
    repo,
    db,
    dir,
    cleanup() {
      repo.cleanup();
      dir.cleanup();
    },
  };
}
