// Git notes: which commits carry a note under a ref, and the notes' text. Used for git-ai authorship logs
// (`refs/notes/ai`) and provscan's own post-commit records (`refs/notes/provscan`).
import { readObjects } from './cat-file.js';
import { gitBuffer } from './exec.js';

interface Note {
  /** Commit the note is attached to. */
  readonly commit: string;
  readonly text: string;
}

/**
 * Notes under `ref` (e.g. `refs/notes/ai`) attached to the given commits (or to every annotated commit when
 * `commits` is absent). A repository without the ref has no notes.
 */
export async function readNotes(root: string, ref: string, commits?: ReadonlySet<string>): Promise<Note[]> {
  let listing: string;
  try {
    listing = (await gitBuffer(root, ['notes', `--ref=${ref}`, 'list'])).toString('utf8');
  } catch {
    return [];
  }
  const pairs: Array<{ blob: string; commit: string }> = [];
  for (const line of listing.split('\n')) {
    const [blob, commit] = line.trim().split(/\s+/);
    if (!blob || !commit) continue;
    if (commits && !commits.has(commit)) continue;
    pairs.push({ blob, commit });
  }
  const objects = await readObjects(
    root,
    pairs.map((p) => p.blob),
  );
  const notes: Note[] = [];
  for (const p of pairs) {
    const o = objects.get(p.blob);
    if (o?.data) notes.push({ commit: p.commit, text: o.data.toString('utf8') });
  }
  return notes;
}

/** The last `limit` commits reachable from HEAD (newest first); empty in a repository without commits. */
export async function recentCommits(root: string, limit: number): Promise<string[]> {
  try {
    const out = (await gitBuffer(root, ['rev-list', `--max-count=${limit}`, 'HEAD'])).toString('utf8');
    return out.split('\n').filter((l) => l.length > 0);
  } catch {
    return [];
  }
}
