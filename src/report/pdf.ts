// PDF = the HTML report printed by headless Chromium. This is the one part of the report that does I/O (a temp
// folder and a child process); it never writes to the console. Chromium is found, not bundled: PROVSCAN_CHROMIUM,
// then /usr/bin/chromium, then chromium / chromium-browser / google-chrome on PATH.
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InternalError, UsageError } from '../errors.js';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium to print with, or undefined when none is installed. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env['PROVSCAN_CHROMIUM'];
  if (configured) return configured;
  if (executable('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of CANDIDATES) {
      const file = join(dir, name);
      if (executable(file)) return file;
    }
  }
  return undefined;
}

/**
 * The Chromium to print with.
 * @throws UsageError when none is installed, or PROVSCAN_CHROMIUM names something that is not an executable.
 */
export function requireChromium(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['PROVSCAN_CHROMIUM'];
  if (configured && !executable(configured)) {
    throw new UsageError(`--format pdf: PROVSCAN_CHROMIUM=${configured} is not an executable file`, INSTALL_HINT);
  }
  const found = findChromium(env);
  if (!found) throw new UsageError('--format pdf needs headless Chromium, and none was found', INSTALL_HINT);
  return found;
}

export const INSTALL_HINT =
  'install Chromium (Debian/Ubuntu: `apt-get install chromium`) or set PROVSCAN_CHROMIUM to a Chrome/Chromium executable';

/**
 * Prints `html` to PDF bytes with headless Chromium.
 * @throws UsageError when no Chromium is installed (or PROVSCAN_CHROMIUM does not run), InternalError when printing fails.
 */
export async function htmlToPdf(
  html: string,
  options: { chromium?: string; timeoutMs?: number } = {},
): Promise<Buffer> {
  const chromium = options.chromium ?? requireChromium();
  const dir = mkdtempSync(join(tmpdir(), 'provscan-pdf-'));
  try {
    const input = join(dir, 'report.html');
    const output = join(dir, 'report.pdf');
    writeFileSync(input, html);
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--print-to-pdf=${output}`,
      '--no-pdf-header-footer',
      pathToFileURL(input).href,
    ];
    await new Promise<void>((resolveRun, reject) => {
      execFile(
        chromium,
        args,
        { timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 },
        (err, _out, stderr) => {
          if (!err) return resolveRun();
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT' || code === 'EACCES') {
            reject(new UsageError(`--format pdf: cannot run Chromium at ${chromium} (${code})`, INSTALL_HINT));
          } else {
            reject(
              new InternalError(
                `Chromium failed to print the report: ${err.message}`,
                String(stderr).split('\n').slice(-20),
              ),
            );
          }
        },
      );
    });
    let pdf: Buffer;
    try {
      pdf = readFileSync(output);
    } catch {
      throw new InternalError(`Chromium exited without writing a PDF (${chromium})`);
    }
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-')
      throw new InternalError('Chromium wrote something that is not a PDF');
    return pdf;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
