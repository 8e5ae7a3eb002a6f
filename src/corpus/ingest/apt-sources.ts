// The machine's apt sources turned into source-package (deb-src) entries for provscan's private apt configuration.
// Source packages live in the same archives as binary ones (dists/SUITE/COMPONENT/source/Sources), so every `deb`
// entry is mirrored as a `deb-src` entry with all its options kept — `Signed-By` above all, so apt checks the
// archive's signature with the keyring the machine trusts for it. Pure text in, text out; the files are read by apt.ts.

export interface SourcesFile {
  readonly path: string;
  readonly text: string;
}

export interface DebSrcConfig {
  /** One-line-style entries (`deb-src [options] URI SUITE [COMPONENT…]`), for a sources.list. */
  readonly list: string;
  /** deb822 stanzas (`Types: deb-src` …), for a .sources file. */
  readonly sources: string;
  /** How many entries were mirrored (both styles). */
  readonly entries: number;
}

/** apt reads only these names in sources.list.d (apt's own rule; `*.disabled`, `*.save` and editor backups are not read). */
export function isSourcesPart(name: string): boolean {
  return /^[A-Za-z0-9_.-]+\.(list|sources)$/.test(name);
}

/** cdrom: entries hold binary packages of one medium; mirroring them would only make apt ask for the disc. */
const skipUri = (uri: string): boolean => /^cdrom:/i.test(uri);

function oneLineEntries(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const m = /^(deb|deb-src)(\s+\[[^\]]*\])?\s+(\S+)\s+(.+)$/.exec(line);
    if (!m) continue;
    const uri = m[3]!;
    if (skipUri(uri)) continue;
    out.push(`deb-src${m[2] ?? ''} ${uri} ${m[4]!.trim().replace(/\s+/g, ' ')}`);
  }
  return out;
}

function deb822Stanzas(text: string): string[] {
  const out: string[] = [];
  for (const para of text.replace(/\r\n/g, '\n').split(/\n[ \t]*\n/)) {
    // a comment line is dropped; continuation lines (an embedded Signed-By key) start with white space and stay
    const lines = para.split('\n').filter((l) => !l.startsWith('#') && l.trim() !== '');
    if (lines.length === 0) continue;
    const field = (name: string): string | undefined => {
      const re = new RegExp(`^${name}:\\s*(.*)$`, 'i');
      for (const l of lines) {
        const m = re.exec(l);
        if (m) return m[1]!.trim();
      }
      return undefined;
    };
    const types = (field('Types') ?? '').split(/\s+/);
    if (!types.includes('deb') && !types.includes('deb-src')) continue;
    if (/^(no|false|without)$/i.test(field('Enabled') ?? 'yes')) continue;
    const uris = (field('URIs') ?? '').split(/\s+/).filter((u) => u !== '' && !skipUri(u));
    if (uris.length === 0) continue;
    const kept = lines.map((l) => {
      if (/^Types:/i.test(l)) return 'Types: deb-src';
      if (/^URIs:/i.test(l)) return `URIs: ${uris.join(' ')}`;
      return l;
    });
    out.push(kept.join('\n'));
  }
  return out;
}

/**
 * Mirrors every enabled deb/deb-src entry of `files` as a deb-src entry: `.sources` files are deb822, anything else
 * the one-line format (apt's own rule). Duplicates (a `deb` and a `deb-src` line for one archive) are kept once.
 */
export function toDebSrc(files: ReadonlyArray<SourcesFile>): DebSrcConfig {
  const list = new Set<string>();
  const stanzas = new Set<string>();
  for (const f of files) {
    if (f.path.endsWith('.sources')) for (const s of deb822Stanzas(f.text)) stanzas.add(s);
    else for (const l of oneLineEntries(f.text)) list.add(l);
  }
  return {
    list: [...list].map((l) => `${l}\n`).join(''),
    sources: [...stanzas].join('\n\n') + (stanzas.size > 0 ? '\n' : ''),
    entries: list.size + stanzas.size,
  };
}
