// Which files the SCANOSS clients leave out when they fingerprint a folder (their default scan filter), as data:
// `provscan wfp DIR` walks a folder the same way so both produce fingerprints for the same files.

/** Folder names skipped entirely (lower case). Names starting with `.` are skipped too. */
const WFP_SKIPPED_DIRS: ReadonlySet<string> = new Set([
  'nbproject',
  'nbbuild',
  'nbdist',
  '__pycache__',
  'venv',
  '_yardoc',
  'eggs',
  'wheels',
  'htmlcov',
  '__pypackages__',
]);
const WFP_SKIPPED_DIR_SUFFIXES: ReadonlyArray<string> = ['.egg-info'];

/** Whole file names skipped (lower case). */
const WFP_SKIPPED_FILES: ReadonlySet<string> = new Set([
  'gradlew',
  'gradlew.bat',
  'mvnw',
  'mvnw.cmd',
  'gradle-wrapper.jar',
  'maven-wrapper.jar',
  'thumbs.db',
  'babel.config.js',
  'license.txt',
  'license.md',
  'copying.lib',
  'makefile',
]);

/** File name endings skipped (lower case): documentation, licences, metadata. */
const WFP_SKIPPED_NAME_SUFFIXES: ReadonlyArray<string> = [
  'news',
  'authors',
  '-doc',
  'changelog',
  'config',
  'copying',
  'license',
  'licenses',
  'notice',
  'readme',
  'swiftdoc',
  'texidoc',
  'todo',
  'version',
  'ignore',
  'manifest',
  'sqlite',
  'sqlite3',
];

/** Extensions skipped (lower case, with the dot): data, documents, images, build metadata. */
const WFP_SKIPPED_EXTENSIONS: ReadonlyArray<string> = `
.1 .2 .3 .4 .5 .6 .7 .8 .9 .ac .adoc .am .asciidoc .bmp .build .cfg .chm .class .cmake .cnf .conf .config
.contributors .copying .crt .csproj .css .csv .dat .data .doc .docx .dtd .dts .iws .c9 .c9revisions .dtsi .dump .eot
.eps .geojson .gdoc .gif .glif .gmo .gradle .guess .hex .htm .html .ico .iml .in .inc .info .ini .ipynb .jpeg .jpg
.json .jsonld .lock .log .m4 .map .markdown .md .md5 .meta .mk .mxml .o .otf .out .pbtxt .pdf .pem .phtml .plist .png
.po .ppt .prefs .properties .pyc .qdoc .result .rgb .rst .scss .sha .sha1 .sha2 .sha256 .sln .spec .sql .sub .svg
.svn-base .tab .template .test .tex .tiff .toml .ttf .txt .utf-8 .vim .wav .woff .xht .xhtml .xls .xlsx .xml .xpm
.xsd .xul .yaml .yml .wfp .editorconfig .dotcover .pid .lcov .egg .manifest .cache .coverage .cover .gem .lst .woff2
.pickle .pdb .gml .pot .plt`
  .split(/\s+/)
  .filter((e) => e.length > 0);

/** True when a folder (its own name) is skipped by the SCANOSS clients. */
export function wfpSkipsDir(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    lower.startsWith('.') || WFP_SKIPPED_DIRS.has(lower) || WFP_SKIPPED_DIR_SUFFIXES.some((s) => lower.endsWith(s))
  );
}

/** True when a file (its own name) is skipped by the SCANOSS clients. Empty files are skipped by the caller. */
export function wfpSkipsFile(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.startsWith('.') || WFP_SKIPPED_FILES.has(lower)) return true;
  if (WFP_SKIPPED_NAME_SUFFIXES.some((s) => lower.endsWith(s))) return true;
  return WFP_SKIPPED_EXTENSIONS.some((e) => lower.endsWith(e));
}
