// Dolos (`@dodona/dolos-lib`: winnowing over tree-sitter node types, so renaming never changes its tokens) as an
// anchor for renamed code: run on one (host file with its insertions, corpus file) pair at a time, with its defaults.
let lib;

/** Whether the library loads here (it needs native tree-sitter builds). */
export async function dolosAvailable() {
  if (lib !== undefined) return lib !== null;
  try {
    lib = await import('@dodona/dolos-lib');
  } catch {
    lib = null;
  }
  return lib !== null;
}

const rowsOverlap = (region, start, end) => region.startRow + 1 <= end && start <= region.endRow + 1;

/**
 * Whether Dolos reports a fragment between lines [start, end] of the host text and the fragment's lines of the corpus
 * text. Generous on purpose: any fragment counts, whatever its length (Dolos has no report threshold of its own).
 */
export async function dolosFinds(language, hostText, start, end, corpusText, frag) {
  const dolos = new lib.Dolos({ language });
  const ext = { c: 'c', go: 'go', java: 'java', javascript: 'js', typescript: 'ts', python: 'py' }[language];
  const host = new lib.File(`host.${ext}`, hostText);
  const corpus = new lib.File(`corpus.${ext}`, corpusText);
  let report;
  try {
    report = await dolos.analyze([host, corpus]);
  } catch {
    return false;
  }
  for (const pair of report.allPairs()) {
    const hostLeft = pair.leftFile.path === host.path;
    for (const f of pair.buildFragments()) {
      const h = hostLeft ? f.leftSelection : f.rightSelection;
      const c = hostLeft ? f.rightSelection : f.leftSelection;
      if (rowsOverlap(h, start, end) && rowsOverlap(c, frag.start, frag.end)) return true;
    }
  }
  return false;
}
