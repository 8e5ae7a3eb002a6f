// Short idioms every project writes are not copies. Found on real data: a Go table-driven test (`*_docs_test.go`)
// matched another project's `*_test.go`, C test programs matched each other on their printf-and-exit boilerplate,
// and a 46-token abstract match tied Python's argparse to gcc's gdbhooks. Each case is two unrelated files of the
// same shape in two projects; the scan runs through the CLI and must report nothing — while a renamed copy of the
// same corpus file is still found.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/model.js';
import { corpusAdd, runCli } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';

const CORPUS_GO_TEST = `package config

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		want    time.Duration
		wantErr bool
	}{
		{name: "seconds", input: "30s", want: 30 * time.Second},
		{name: "minutes", input: "5m", want: 5 * time.Minute},
		{name: "empty", input: "", wantErr: true},
		{name: "garbage", input: "soon", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDuration(tt.input)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseDuration(%q) error = %v, wantErr %v", tt.input, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("ParseDuration(%q) = %v, want %v", tt.input, got, tt.want)
			}
		})
	}
}
`;

const HOST_GO_DOCS_TEST = `package docs

import (
	"strings"
	"testing"
)

func TestRenderHeading(t *testing.T) {
	cases := []struct {
		title   string
		level   int
		out     string
		invalid bool
	}{
		{title: "Intro", level: 1, out: "# Intro"},
		{title: "Usage", level: 2, out: "## Usage"},
		{title: "", level: 1, invalid: true},
	}
	for _, c := range cases {
		t.Run(c.title, func(t *testing.T) {
			got, err := renderHeading(c.title, c.level)
			if (err != nil) != c.invalid {
				t.Fatalf("renderHeading(%q, %d) error = %v, invalid %v", c.title, c.level, err, c.invalid)
			}
			if strings.TrimSpace(got) != c.out {
				t.Errorf("renderHeading(%q, %d) = %q, want %q", c.title, c.level, got, c.out)
			}
		})
	}
}
`;

const CORPUS_C_TEST = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"

static void
check_append (void)
{	struct buffer b ;

	buffer_init (&b) ;
	if (buffer_append (&b, "abc", 3) != 0)
	{	printf ("\\n\\nLine %d : buffer_append failed.\\n\\n", __LINE__) ;
		exit (1) ;
		} ;
	if (b.len != 3)
	{	printf ("\\n\\nLine %d : length %d should be 3.\\n\\n", __LINE__, (int) b.len) ;
		exit (1) ;
		} ;
	buffer_free (&b) ;
	puts ("ok") ;
}

int
main (void)
{	check_append () ;
	return 0 ;
}
`;

const HOST_C_TEST = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "queue.h"

static void
test_push_pop (void)
{	queue_t q ;
	int v = -1 ;

	queue_create (&q, 16) ;
	queue_push (&q, 7) ;
	if (queue_pop (&q, &v) != 0)
	{	printf ("\n\nLine %d : queue_pop failed.\n\n", __LINE__) ;
		exit (1) ;
		} ;
	if (v != 7)
	{	printf ("\n\nLine %d : value %d should be 7.\n\n", __LINE__, v) ;
		exit (1) ;
		} ;
	queue_destroy (&q) ;
	puts ("ok") ;
}

int
main (void)
{	test_push_pop () ;
	return 0 ;
}
`;

/** Every identifier of `code` that is not in `keep` renamed consistently (what an assistant's rename looks like). */
function renamed(code: string, keep: ReadonlySet<string>): string {
  const names = new Map<string, string>();
  return code.replace(/("(?:\\.|[^"\\])*")|\b[A-Za-z_]\w*\b/g, (m, str: string | undefined) => {
    if (str !== undefined || keep.has(m)) return m;
    let n = names.get(m);
    if (!n) {
      n = `v${names.size}x`;
      names.set(m, n);
    }
    return n;
  });
}

describe('idioms are not copies', () => {
  const tmp = tempDir('provscan-idioms-');
  const db = join(tmp.path, 'corpus.db');
  const repo = TestRepo.create();
  let scan: ScanResult;

  const put = (root: string, path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeAll(async () => {
    const src = join(tmp.path, 'upstream');
    put(src, 'config/duration_test.go', CORPUS_GO_TEST);
    put(src, 'tests/buffer_test.c', CORPUS_C_TEST);
    await corpusAdd(src, db, { name: 'upstream', version: '1.0', license: 'GPL-3.0-or-later' });
    repo.write('docs/render_docs_test.go', HOST_GO_DOCS_TEST).write('test/test_queue.c', HOST_C_TEST).commit('Tests');
    const out = join(tmp.path, 'scan.json');
    const res = await runCli(['scan', repo.path, '--db', db, '--format', 'json', '--output', out]);
    expect(res.stderr).toBe('');
    scan = JSON.parse(readFileSync(out, 'utf8')) as ScanResult;
  });
  afterAll(() => {
    tmp.cleanup();
    repo.cleanup();
  });

  it('does not match a Go table-driven test to another project’s table-driven test', () => {
    expect(scan.files.find((f) => f.path === 'docs/render_docs_test.go')?.matches).toEqual([]);
  });

  it('does not match C test programs on their printf-and-exit boilerplate', () => {
    expect(scan.files.find((f) => f.path === 'test/test_queue.c')?.matches).toEqual([]);
  });

  it('still finds a renamed copy of the corpus test itself', async () => {
    const keep = new Set(['package', 'import', 'func', 'for', 'range', 'if', 'return', 'struct', 'string', 'bool']);
    repo.write('docs/copied_test.go', renamed(CORPUS_GO_TEST, keep)).commit('Copy');
    const out = join(tmp.path, 'scan2.json');
    await runCli(['scan', repo.path, '--db', db, '--format', 'json', '--output', out]);
    const again = JSON.parse(readFileSync(out, 'utf8')) as ScanResult;
    const ms = again.files.find((f) => f.path === 'docs/copied_test.go')?.matches ?? [];
    expect(ms).toHaveLength(1);
    expect(ms[0]?.corpus.path).toBe('config/duration_test.go');
    expect(ms[0]?.channel).toBe('abstract');
  });
});
