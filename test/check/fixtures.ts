// A small "GPL" C source (written for these tests) that goes into a corpus with `provscan corpus add`, and helpers
// to build an MIT project that stages a copy of it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusAdd } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';

export const GPL_UTILS_C = `/* utils.c -- small utility functions for the editor */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

/* Return the number of display columns taken by the first len bytes of text. */
size_t column_span(const char *text, size_t len, size_t tabsize)
{
\tsize_t column = 0;
\tfor (size_t index = 0; index < len && text[index] != '\\0'; index++) {
\t\tif (text[index] == '\\t')
\t\t\tcolumn += tabsize - (column % tabsize);
\t\telse if ((unsigned char)text[index] < 0x20)
\t\t\tcolumn += 2;
\t\telse
\t\t\tcolumn += 1;
\t}
\treturn column;
}

/* Copy at most n characters of src into a fresh buffer, trimming trailing blanks. */
char *copy_trimmed(const char *src, size_t n)
{
\tsize_t end = strnlen(src, n);
\twhile (end > 0 && isspace((unsigned char)src[end - 1]))
\t\tend--;
\tchar *result = malloc(end + 1);
\tif (result == NULL)
\t\treturn NULL;
\tmemcpy(result, src, end);
\tresult[end] = '\\0';
\treturn result;
}

/* Find the start of the word before position pos, skipping punctuation first. */
size_t word_start_before(const char *line, size_t pos)
{
\twhile (pos > 0 && !isalnum((unsigned char)line[pos - 1]) && line[pos - 1] != '_')
\t\tpos--;
\twhile (pos > 0 && (isalnum((unsigned char)line[pos - 1]) || line[pos - 1] == '_'))
\t\tpos--;
\treturn pos;
}

/* Count how many times needle occurs in haystack without overlapping. */
int count_occurrences(const char *haystack, const char *needle)
{
\tint count = 0;
\tsize_t step = strlen(needle);
\tif (step == 0)
\t\treturn 0;
\tfor (const char *at = strstr(haystack, needle); at != NULL; at = strstr(at + step, needle))
\t\tcount++;
\treturn count;
}
`;

/** Builds a GPL corpus database holding GPL_UTILS_C as `nano@7.2 src/utils.c`. */
export async function gplCorpus(): Promise<{ db: string; cleanup(): void }> {
  const dir = tempDir('provscan-corpus-');
  const src = join(dir.path, 'nano-7.2');
  mkdirSync(join(src, 'src'), { recursive: true });
  writeFileSync(join(src, 'src', 'utils.c'), GPL_UTILS_C);
  const db = join(dir.path, 'gpl.db');
  await corpusAdd(src, db, { name: 'nano', version: '7.2', license: 'GPL-3.0-or-later' });
  return { db, cleanup: dir.cleanup };
}

/** An MIT project with one committed human file. */
export function mitProject(): TestRepo {
  const repo = TestRepo.create();
  repo.write('package.json', `${JSON.stringify({ name: 'demo', version: '1.0.0', license: 'MIT' }, null, 2)}\n`);
  repo.write('src/main.c', '#include <stdio.h>\n\nint main(void)\n{\n\tputs("hello");\n\treturn 0;\n}\n');
  repo.commit('Initial commit');
  return repo;
}

/** Original, unrelated C code (`count` functions) that matches nothing in the corpus. */
export function originalCode(count: number, seed = 0): string {
  const out: string[] = ['#include <stdint.h>', ''];
  for (let i = 0; i < count; i++) {
    const n = i + seed * 1000;
    out.push(
      `uint32_t mix_${n}(uint32_t value_${n})`,
      '{',
      `\tvalue_${n} ^= value_${n} >> ${(n % 13) + 3};`,
      `\tvalue_${n} *= 0x${(0x9e3779b1 + n * 7919).toString(16).slice(-8)}u;`,
      `\treturn value_${n} + ${n * 31 + 7}u;`,
      '}',
      '',
    );
  }
  return `${out.join('\n')}\n`;
}
