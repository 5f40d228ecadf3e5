/**
 * Which of the programs a health check typically runs (`curl`, `wget`, `nc`, and `/bin/sh` for a
 * shell-form check) an image has, where that can be said with confidence: a small table of public
 * base images whose contents are documented or plain from their Dockerfiles, then what the image's
 * own Dockerfile adds (packages it installs, programs its RUN lines use or its COPY names). Any other
 * image, or a build step that may add programs unseen, makes the answer "unknown". Pure.
 *
 * | image | has | lacks |
 * | --- | --- | --- |
 * | `scratch` | nothing | everything, no shell |
 * | `gcr.io/distroless/*` (not `:debug`) | the runtime | curl, wget, nc, no shell |
 * | `alpine`, `busybox`, `gcr.io/distroless/*:debug`, `python`/`node` `-alpine` tags | BusyBox `sh`, `wget`, `nc` | curl |
 * | `debian`, `ubuntu` (every tag), `python`/`node` `-slim` tags | `sh` | curl, wget, nc |
 */
import type { ChainAdds } from '../dockerfile/model.js';
import { normalizeRepository } from '../dockerfile/images.js';

/** The programs judged; every other program is assumed present. */
export const JUDGED = new Set(['curl', 'wget', 'nc', 'netcat', 'ncat', 'sh']);

/** Packages that provide each judged program (apt, apk, yum/dnf, zypper names). */
const PROVIDERS: Record<string, RegExp> = {
  curl: /^(curl|curl-minimal|curl-full)$/,
  wget: /^(wget|wget2|busybox|busybox-static|busybox-extras)$/,
  nc: /^(netcat.*|nc|ncat|nmap-ncat|busybox|busybox-static|busybox-extras|openbsd-netcat)$/,
  netcat: /^(netcat.*|openbsd-netcat)$/,
  ncat: /^(ncat|nmap-ncat|nmap)$/,
  sh: /./,
};

export interface BaseContents {
  /** `python:3.12-slim`, for messages. */
  label: string;
  /** The judged programs it has. */
  has: ReadonlySet<string>;
  /** Where the claim comes from, for messages. */
  why: string;
}

const BUSYBOX = new Set(['sh', 'wget', 'nc']);
const SHELL_ONLY = new Set(['sh']);
const NOTHING = new Set<string>();

/** The judged programs of a public base image, when known; undefined for any image not in the table. */
export function baseContents(repository: string, tag: string | undefined): BaseContents | undefined {
  const repo = normalizeRepository(repository);
  const t = (tag ?? 'latest').toLowerCase();
  const label = tag ? `${repo}:${tag}` : repo;
  if (repo === 'scratch') return { label, has: NOTHING, why: 'an empty image' };
  if (repo.startsWith('gcr.io/distroless/'))
    return /(^|-)debug(-|$)/.test(t) ? { label, has: BUSYBOX, why: 'a distroless debug image, whose only tools are BusyBox applets' } : { label, has: NOTHING, why: 'a distroless image, without a shell or network tools' };
  if (repo === 'alpine' || repo === 'busybox') return { label, has: BUSYBOX, why: `${repo === 'alpine' ? 'Alpine' : 'BusyBox'}, whose \`wget\` and \`nc\` are BusyBox applets and which has no curl` };
  if (repo === 'debian' || repo === 'ubuntu') return { label, has: SHELL_ONLY, why: `the ${repo === 'debian' ? 'Debian' : 'Ubuntu'} base image, which installs neither curl, wget nor netcat` };
  if (repo === 'python' || repo === 'node') {
    if (/(^|-)alpine/.test(t)) return { label, has: BUSYBOX, why: `an Alpine-based ${repo} image, which removes the curl it builds with (BusyBox \`wget\` and \`nc\` remain)` };
    if (/(^|-)slim(-|$)/.test(t)) return { label, has: SHELL_ONLY, why: `a slim ${repo} image, which removes the curl and wget it builds with` };
  }
  return undefined;
}

/** The program a judged check word names (`/usr/bin/curl` → `curl`); undefined when not judged. */
export function judgedProgram(word: string): string | undefined {
  const name = word.slice(word.lastIndexOf('/') + 1);
  return JUDGED.has(name) && name !== 'sh' ? name : undefined;
}

/**
 * Whether an image lacks `program`, certainly: its base is in the table without it, and nothing the
 * image's Dockerfile does can have added it. Returns the base's description, or undefined.
 */
export function lacks(base: BaseContents | undefined, adds: ChainAdds | undefined, program: string): BaseContents | undefined {
  if (!base || base.has.has(program)) return undefined;
  if (adds) {
    if (adds.opaque) return undefined;
    if (adds.programs.includes(program) || adds.programs.includes('busybox')) return undefined;
    const provider = PROVIDERS[program];
    if (program === 'sh' ? adds.packages.length > 0 && base.has.size === 0 : provider && adds.packages.some((p) => provider.test(p))) return undefined;
  }
  return base;
}
