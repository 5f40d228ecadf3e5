/**
 * PHP-FPM configuration (`php-fpm.conf`, `www.conf`, `php-fpm.d/*.conf`, `pool.d/*.conf`): INI
 * syntax with a `[global]` section and one `[name]` section per pool, `;` comments, `include=`
 * globs. Pure and position-keeping: each setting rules read carries the span of its value.
 * A pool file may hold settings before its first section (a fragment that the including file's
 * section continues); those count for the pool named by the file's first section, or for `www`.
 */
import type { Span } from '../../core/text.js';
import { readIni, type IniValue } from './ini.js';

export type { IniValue };

export type FpmListen = { kind: 'tcp'; host?: string; port: number } | { kind: 'socket'; path: string };

export interface FpmPool {
  name: string;
  file: string;
  /** The `[name]` header, or the first setting when the file has none. */
  span: Span;
  listen?: IniValue & { address: FpmListen };
  pm?: IniValue;
  maxChildren?: IniValue & { count: number };
  /** `request_terminate_timeout` in seconds (0: no limit). */
  terminateTimeout?: IniValue & { seconds: number };
  settings: Map<string, IniValue>;
}

export interface FpmFile {
  file: string;
  pools: FpmPool[];
  includes: IniValue[];
}

/** `30s`, `5m`, `1h`, `2d`, `45` → seconds. */
export function fpmSeconds(v: string): number | undefined {
  const m = /^(\d+)([smhd]?)$/i.exec(v.trim());
  if (!m) return undefined;
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]!.toLowerCase() as '' | 's' | 'm' | 'h' | 'd'];
}

/** `9000`, `127.0.0.1:9000`, `[::]:9000`, `/run/php/php8.2-fpm.sock`. */
export function parseListen(v: string): FpmListen | undefined {
  const t = v.trim();
  if (!t || t.includes('$')) return undefined;
  if (t.startsWith('/')) return { kind: 'socket', path: t };
  const m = /^(?:(\[[^\]]*\]|[^:]+):)?(\d{1,5})$/.exec(t);
  if (!m) return undefined;
  return { kind: 'tcp', ...(m[1] ? { host: m[1].replace(/^\[|\]$/g, '') } : {}), port: Number(m[2]) };
}

export function parsePhpFpm(file: string, text: string): FpmFile {
  const out: FpmFile = { file, pools: [], includes: [] };
  const loose = new Map<string, IniValue>();
  let looseSpan: Span | undefined;
  for (const section of readIni(file, text)) {
    const current: FpmPool | undefined = section.name === undefined || section.name.toLowerCase() === 'global' ? undefined : { name: section.name, file, span: section.span!, settings: new Map() };
    if (current) out.pools.push(current);
    for (const v of section.entries) {
      if (v.key === 'include') out.includes.push(v);
      else if (current) current.settings.set(v.key, v);
      else if (!out.pools.length && !/^(pid|error_log|log_level|daemonize|emergency_restart_\w+|process_control_timeout|events\.\w+|syslog\.\w+|rlimit_\w+|process\.\w+|log_\w+)$/.test(v.key)) {
        loose.set(v.key, v);
        looseSpan ??= v.keySpan;
      }
    }
  }
  // Settings before any section: a pool fragment (the official image's `zz-docker.conf` starts with `[www]`, others rely on the including file).
  if (loose.size && looseSpan && [...loose.keys()].some((k) => k === 'listen' || k.startsWith('pm'))) {
    out.pools.unshift({ name: 'www', file, span: looseSpan, settings: loose });
  }
  for (const p of out.pools) {
    const l = p.settings.get('listen');
    const addr = l ? parseListen(l.value) : undefined;
    if (l && addr) p.listen = { ...l, address: addr };
    const pm = p.settings.get('pm');
    if (pm) p.pm = pm;
    const mc = p.settings.get('pm.max_children');
    if (mc && /^\d+$/.test(mc.value)) p.maxChildren = { ...mc, count: Number(mc.value) };
    const t = p.settings.get('request_terminate_timeout');
    const secs = t ? fpmSeconds(t.value) : undefined;
    if (t && secs !== undefined) p.terminateTimeout = { ...t, seconds: secs };
  }
  return out;
}
