// SCANOSS WFP ("winnowing fingerprint") text for one file, from the format's public description and checked
// byte for byte against the `scanoss` npm client in the tests:
//   file=<md5>,<size>,<path>          md5 of the raw bytes
//   fh2=<md5>                         md5 of the same bytes with the opposite line endings (text files with any)
//   <line>=<hash>[,<hash>…]           snippet fingerprints, 8 hex digits each, grouped by line
// Winnowing over bytes: keep 0-9 and a-z (A-Z lower-cased), drop everything else; a line feed advances the line.
// Every 30 normalised characters form a gram hashed with CRC-32C; over a window of the last 64 gram hashes the
// minimum is taken and, whenever its value changes, CRC-32C of its 4 little-endian bytes is emitted on the line
// where the window completed.
import { createHash } from 'node:crypto';
import { crc8maxim, crc32c, crc32cOfUint32 } from './crc32c.js';

const WFP_GRAM = 30;
const WFP_WINDOW = 64;
/** The scanoss.js client's per-file WFP limit (bytes of text); longer output is cut at a line boundary. */
const WFP_DEFAULT_MAX_SIZE = 32 * 1024;

export interface WfpOptions {
  /** Per-file WFP size limit as the scanoss.js client applies it (default 32 KiB; Infinity for none). */
  readonly maxSize?: number;
  /** Treat the file as binary: only the `file=` line (the caller decides, e.g. with prepareFile). */
  readonly binary?: boolean;
  /** Add the `hpsm=` line (per-line CRC-8 of normalised text) after `fh2=`, like `scanoss-js wfp --hpsm`. */
  readonly hpsm?: boolean;
}

function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

function hex8(v: number): string {
  return v.toString(16).padStart(8, '0');
}

/** md5 of the bytes with flipped line endings: CRLF-only files → LF; anything else → every line ending as CRLF. */
function oppositeLineEndingMd5(bytes: Uint8Array): string | undefined {
  let crlf = false;
  let lf = false;
  let cr = false;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 13 && i + 1 < n && bytes[i + 1] === 10) {
      crlf = true;
      i++;
    } else if (b === 10) lf = true;
    else if (b === 13) cr = true;
  }
  if (!crlf && !lf && !cr) return undefined;
  const toLf = crlf && !lf && !cr;
  const out = new Uint8Array(toLf ? n : n * 2);
  let o = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 13 || b === 10) {
      if (b === 13 && i + 1 < n && bytes[i + 1] === 10) i++;
      if (!toLf) out[o++] = 13;
      out[o++] = 10;
    } else out[o++] = b;
  }
  return md5(out.subarray(0, o));
}

/** The `<line>=<hash>,…` lines of a file's bytes (each line ends with "\n"). Stops once past `maxSize`. */
function winnowWfp(bytes: Uint8Array, maxSize: number = Number.POSITIVE_INFINITY): string {
  const gram = new Uint8Array(WFP_GRAM * 2); // doubled ring: the current gram is always contiguous
  let gramLen = 0;
  let gramStart = 0;
  const window = new Uint32Array(WFP_WINDOW);
  let windowCount = 0;
  let windowHead = 0; // index of the oldest entry once full
  let line = 1;
  let min = 0xffffffff;
  let lastHash = 0xffffffff;
  let lastLine = 0;
  let out = '';
  let current = '';
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    if (out.length > maxSize) return out;
    let b = bytes[i]!;
    if (b === 10) {
      line++;
      continue;
    }
    if (b >= 65 && b <= 90) b += 32;
    else if (!((b >= 48 && b <= 57) || (b >= 97 && b <= 122))) continue;
    // Append to the gram (kept contiguous in a doubled buffer).
    if (gramLen < WFP_GRAM) {
      gram[gramLen++] = b;
      if (gramLen < WFP_GRAM) continue;
    } else {
      gramStart++;
      if (gramStart + WFP_GRAM > gram.length) {
        gram.copyWithin(0, gramStart, gramStart + WFP_GRAM - 1);
        gramStart = 0;
      }
      gram[gramStart + WFP_GRAM - 1] = b;
    }
    const h = crc32c(gram, gramStart, gramStart + WFP_GRAM);
    if (windowCount < WFP_WINDOW) {
      window[windowCount++] = h;
      if (h < min) min = h;
      if (windowCount < WFP_WINDOW) continue;
    } else {
      // The window minimum is kept incrementally; only when the leaving hash was the minimum is it rescanned.
      const leaving = window[windowHead]!;
      window[windowHead] = h;
      windowHead = (windowHead + 1) % WFP_WINDOW;
      if (leaving === min && h > min) {
        min = 0xffffffff;
        for (let j = 0; j < WFP_WINDOW; j++) if (window[j]! < min) min = window[j]!;
      } else if (h < min) min = h;
    }
    if (min !== lastHash) {
      const fp = hex8(crc32cOfUint32(min));
      if (lastLine !== line) {
        if (current.length > 0) out += `${current}\n`;
        current = `${line}=${fp}`;
      } else current += `,${fp}`;
      lastLine = line;
      lastHash = min;
    }
  }
  if (current.length > 0) out += `${current}\n`;
  return out;
}

/** The `hpsm=` line: CRC-8 of each line's normalised characters (0xff for an empty line, 0x00 for a line of
 *  symbols only), as the SCANOSS clients compute it (the last line counts only when it ends with a line feed). */
function hpsmLine(bytes: Uint8Array): string {
  const norm = new Uint8Array(bytes.length);
  let len = 0;
  let lastLf = 0;
  let hex = '';
  for (let i = 0; i < bytes.length; i++) {
    let b = bytes[i]!;
    if (b === 10) {
      if (len > 0) {
        hex += crc8maxim(norm, 0, len).toString(16).padStart(2, '0');
        len = 0;
      } else if (lastLf + 1 === i) hex += 'ff';
      else if (i - lastLf > 1) hex += '00';
      lastLf = i;
      continue;
    }
    if (b >= 65 && b <= 90) b += 32;
    else if (!((b >= 48 && b <= 57) || (b >= 97 && b <= 122))) continue;
    norm[len++] = b;
  }
  return `hpsm=${hex}`;
}

/** Cuts a file's WFP at the last line break at or before `maxSize`, as the scanoss.js packer does. */
function truncate(wfp: string, maxSize: number): string {
  if (wfp.length <= maxSize) return wfp;
  const cut = wfp.lastIndexOf('\n', maxSize);
  return `${wfp.slice(0, Math.max(0, cut))}\n`;
}

/** The complete WFP block of one file: `file=`, `fh2=`, optional `hpsm=`, then the snippet lines. */
export function wfpForFile(path: string, bytes: Uint8Array, options: WfpOptions = {}): string {
  const maxSize = options.maxSize ?? WFP_DEFAULT_MAX_SIZE;
  let head = `file=${md5(bytes)},${bytes.length},${path}\n`;
  if (options.binary) return truncate(head, maxSize);
  const fh2 = oppositeLineEndingMd5(bytes);
  if (fh2 !== undefined) {
    head += `fh2=${fh2}\n`;
    if (options.hpsm) head += `${hpsmLine(bytes)}\n`;
  }
  let wfp = head + winnowWfp(bytes, maxSize);
  if (options.hpsm && wfp.length > maxSize) wfp = wfp.slice(0, maxSize);
  return truncate(wfp, maxSize);
}
