/**
 * Path handling shared by the formatters. Formatters are pure, so they cannot ask the OS which path
 * style is in use: the style is read from the paths themselves. A run started on Windows has a
 * `C:\…` (or `\\server\share\…`) cwd and its paths follow that; everything else is POSIX.
 */
import path from 'node:path';

const WIN_DRIVE = /^[A-Za-z]:[\\/]/;

export function isWindowsAbsolute(p: string): boolean {
  return WIN_DRIVE.test(p) || p.startsWith('\\\\');
}

export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || isWindowsAbsolute(p);
}

function isWindowsStyle(cwd: string): boolean {
  return isWindowsAbsolute(cwd);
}

/**
 * The absolute path of a result path. Relative paths are resolved against `cwd` in cwd's style; on a
 * POSIX cwd, backslashes in a relative path are taken as separators (such paths come from Windows
 * tools, and a file name with a backslash is far rarer than a Windows path).
 */
export function toAbsolute(cwd: string, p: string): string {
  if (isAbsolutePath(p)) return p;
  if (isWindowsStyle(cwd)) return path.win32.resolve(cwd, p);
  // A run's paths are mostly plain (`a/b/c`): joined to the resolved cwd as strings, which is what
  // `resolve` gives for them, without its work per path (every result of a large run comes here).
  if (cwd.startsWith('/') && PLAIN_RELATIVE.test(p) && !DOT_SEGMENT.test(p)) {
    if (cwd !== resolvedFor) resolved = path.posix.resolve((resolvedFor = cwd));
    return resolved === '/' ? `/${p}` : `${resolved}/${p}`;
  }
  return path.posix.resolve(cwd, p.replace(/\\/g, '/'));
}

/** Non-empty segments joined by single slashes, no backslash. */
const PLAIN_RELATIVE = /^[^/\\]+(?:\/[^/\\]+)*$/;
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;
/** The last absolute cwd seen, and its normalised form. */
let resolvedFor: string | undefined;
let resolved = '';

/**
 * The path relative to `cwd` with `/` separators, or undefined when the file is not inside `cwd`
 * (another drive, or above it). Windows paths compare case-insensitively, as the file system does.
 */
export function relativeInside(cwd: string, p: string): string | undefined {
  const abs = toAbsolute(cwd, p);
  const win = isWindowsStyle(cwd);
  if (win !== isWindowsAbsolute(abs)) return undefined;
  const rel = win ? path.win32.relative(cwd, abs) : path.posix.relative(cwd, abs);
  if (rel === '' || rel === '..' || rel.startsWith('../') || rel.startsWith('..\\') || isAbsolutePath(rel)) return undefined;
  return win ? rel.replace(/\\/g, '/') : rel;
}

/** A path for people and for CI annotations: relative to `cwd` when inside it, else absolute with `/`. */
export function portablePath(cwd: string, p: string): string {
  return relativeInside(cwd, p) ?? toAbsolute(cwd, p).replace(/\\/g, '/');
}

/** A path as a user typed it: relative paths stay as given; absolute ones inside `cwd` become relative. */
export function displayPath(cwd: string, p: string): string {
  if (!isAbsolutePath(p)) return p;
  const rel = relativeInside(cwd, p);
  if (rel === undefined) return p;
  return isWindowsAbsolute(p) ? rel.replace(/\//g, '\\') : rel;
}

/** Percent-encodes each segment of a `/`-separated path for use in a URI (RFC 3986). */
export function encodeUriPath(p: string): string {
  return p
    .split('/')
    .map((segment) => encodeURIComponent(toWellFormed(segment)))
    .join('/');
}

/** `file:` URI of an absolute path; a trailing slash is kept (SARIF base URIs need it). */
export function fileUri(absPath: string): string {
  if (absPath.startsWith('\\\\') || absPath.startsWith('//')) {
    const parts = absPath.replace(/\\/g, '/').slice(2).split('/');
    const host = parts.shift() ?? '';
    return `file://${encodeURIComponent(host)}/${encodeUriPath(parts.join('/'))}`;
  }
  if (WIN_DRIVE.test(absPath)) {
    const drive = absPath.slice(0, 2);
    return `file:///${drive}${encodeUriPath(absPath.slice(2).replace(/\\/g, '/'))}`;
  }
  return `file://${encodeUriPath(absPath)}`;
}

/** Replaces lone surrogates, which `encodeURIComponent` refuses, with U+FFFD. */
export function toWellFormed(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
        continue;
      }
      out += '\ufffd';
    } else if (c >= 0xdc00 && c <= 0xdfff) out += '\ufffd';
    else out += s[i]!;
  }
  return out;
}
