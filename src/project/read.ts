/**
 * Reading files safely: only regular files (never FIFOs or devices), a size cap before reading,
 * binary detection, BOM stripping and invalid UTF-8 tolerated (decoded with replacement characters).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { constants } from 'node:fs';

export type ReadOutcome =
  | { ok: true; text: string; size: number; mtimeMs: number }
  | { ok: false; reason: 'too-large'; size: number }
  | { ok: false; reason: 'binary'; size: number }
  | { ok: false; reason: 'not-regular' }
  | { ok: false; reason: 'unreadable'; error: string };

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

export type BytesOutcome =
  | { ok: true; bytes: Buffer; size: number; mtimeMs: number }
  | { ok: false; reason: 'too-large'; size: number }
  | { ok: false; reason: 'not-regular' }
  | { ok: false; reason: 'unreadable'; error: string };

/** The bytes of a regular file under `maxSize`, undecoded. */
export function readFileBytes(path: string, maxSize: number): BytesOutcome {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must never block the run.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { ok: false, reason: 'unreadable', error: (e as NodeJS.ErrnoException).code ?? String(e) };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: 'not-regular' };
    if (st.size > maxSize) return { ok: false, reason: 'too-large', size: st.size };
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n <= 0) break;
      off += n;
    }
    return { ok: true, bytes: buf.subarray(0, off), size: off, mtimeMs: st.mtimeMs };
  } catch (e) {
    return { ok: false, reason: 'unreadable', error: (e as NodeJS.ErrnoException).code ?? String(e) };
  } finally {
    closeSync(fd);
  }
}

export function readTextFile(path: string, maxSize: number): ReadOutcome {
  const r = readFileBytes(path, maxSize);
  if (!r.ok) return r;
  if (r.bytes.includes(0)) return { ok: false, reason: 'binary', size: r.size };
  return { ok: true, text: decoder.decode(r.bytes), size: r.size, mtimeMs: r.mtimeMs };
}
