/**
 * Share links: the files as JSON, deflated with the platform's CompressionStream and written as
 * base64url into the URL fragment (`#files=…`), so nothing is sent to any server.
 */
export interface SharedFile {
  path: string;
  text: string;
}

const PREFIX = 'files=';

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The fragment (without `#`) that encodes these files. */
export async function encodeFiles(files: readonly SharedFile[]): Promise<string> {
  const json = JSON.stringify(files.map((f) => [f.path, f.text]));
  return PREFIX + toBase64Url(await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw')));
}

/** The files a fragment encodes, or undefined when it encodes none (or is damaged). */
export async function decodeFiles(fragment: string): Promise<SharedFile[] | undefined> {
  const body = fragment.replace(/^#/, '');
  if (!body.startsWith(PREFIX)) return undefined;
  try {
    const json = new TextDecoder().decode(await pipe(fromBase64Url(body.slice(PREFIX.length)), new DecompressionStream('deflate-raw')));
    const data: unknown = JSON.parse(json);
    if (!Array.isArray(data)) return undefined;
    return data.filter((e): e is [string, string] => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string').map(([path, text]) => ({ path, text }));
  } catch {
    return undefined;
  }
}
