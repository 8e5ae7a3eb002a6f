#!/usr/bin/env bash
# Builds the README's example repository: `acme-editor`, an MIT project in which Claude Code wrote a text diff that
# reproduces CKEditor 5's O(NP) diff (@ckeditor/ckeditor5-utils 41.4.2, GPL-2.0-or-later, in the bundled corpus)
# with a few identifiers renamed and its comments dropped. Usage: docs/example.sh [DIR] (default: a temp folder);
# then `cd DIR/acme-editor && npx provscan scan .`. Fetches the package with `npm pack` (npm registry only).
set -euo pipefail
out="${1:-$(mktemp -d)}"
src="$(mktemp -d)"
(cd "$src" && npm pack @ckeditor/ckeditor5-utils@41.4.2 --silent >/dev/null && tar xzf ckeditor-ckeditor5-utils-41.4.2.tgz)
repo="$out/acme-editor"
rm -rf "$repo" && mkdir -p "$repo/src" && cd "$repo"
git init -q -b main
git config user.name "Ada Lovelace"
git config user.email ada@example.com
printf '{ "name": "acme-editor", "version": "2.1.0", "license": "MIT" }\n' > package.json
cat > src/app.js <<'J'
import { computeDiff } from './textdiff.js';

export function showChanges(before, after) {
  const changes = computeDiff(before, after);
  return changes.map((op) => (op === 'equal' ? ' ' : op === 'insert' ? '+' : '-')).join('');
}
J
export GIT_AUTHOR_DATE=2026-11-02T10:00:00Z GIT_COMMITTER_DATE=2026-11-02T10:00:00Z
git add -A && git commit -qm "Start the change viewer"
sed -n '28,115p' "$src/package/src/diff.js" \
  | grep -v '^\s*//' \
  | sed -e 's/export default function diff(a, b, cmp)/export function computeDiff(left, right, equals)/' \
        -e 's/\bcmp\b/equals/g; s/\baLength\b/leftLength/g; s/\bbLength\b/rightLength/g; s/\bsnake\b/walkDiagonal/g' \
        -e 's/\bdiff\.fastDiff\b/computeDiff.fast/g' \
        -e 's/\bfp\b/furthest/g; s/\bes\b/scripts/g' > src/textdiff.js
sed -i '1i import quickDiff from "./quickdiff.js";\n' src/textdiff.js
export GIT_AUTHOR_DATE=2026-11-03T09:30:00Z GIT_COMMITTER_DATE=2026-11-03T09:30:00Z
git add -A && git commit -qm "Add a text diff for the change viewer

Generated with [Claude Code](https://claude.com/claude-code)

Co-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>"
rm -rf "$src"
echo "$repo"
