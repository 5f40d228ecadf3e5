/**
 * uWSGI configuration files (`uwsgi.ini`, `uwsgi-prod.ini`, a file named by `--ini`): the `[uwsgi]`
 * section (or the one `--ini file:section` names) read with the INI reader PHP-FPM pools use. What
 * the app-server model takes from it: binds (`http`, `http-socket`, `https`, `socket`,
 * `uwsgi-socket`), `harakiri` (the worker timeout), `processes`/`workers`, `master`. Values that
 * use uWSGI's placeholders (`%(var)`, `$(ENV)`, `@(file)`) are not known here and are skipped.
 * Pure: text in, settings with spans out.
 *
 * uWSGI reads no configuration file by itself: only one named by `--ini` (or given as the only
 * argument, `uwsgi app.ini`), or by the `UWSGI_INI` environment variable.
 */
import { parseAddress, type AppServer, type Bind, type Setting } from './app-server.js';
import { readIni } from './ini.js';

export interface UwsgiConfig {
  file: string;
  /** Section read (`uwsgi` unless `--ini file:section` names another). */
  section: string;
  binds: Bind[];
  /** `harakiri`: seconds a request may take before the worker is killed (the client gets a 502 from the proxy). */
  harakiri?: Setting<number>;
  workers?: Setting<number>;
  master?: Setting<boolean>;
}

const BIND_KEYS = /^(http|https|http-socket|https-socket|socket|uwsgi-socket|shared-socket)$/;

function placeholder(v: string): boolean {
  return /[%$@]\(|\$\{/.test(v);
}

/** The settings of one section of a uWSGI INI file; undefined when the file has no such section. */
export function parseUwsgiIni(file: string, text: string, section = 'uwsgi'): UwsgiConfig | undefined {
  const sec = readIni(file, text).filter((s) => s.name === section);
  if (!sec.length) return undefined;
  const out: UwsgiConfig = { file, section, binds: [] };
  for (const v of sec.flatMap((s) => s.entries)) {
    const key = v.key.trim().toLowerCase().replace(/_/g, '-');
    const value = v.value.trim();
    if (placeholder(value)) continue;
    const via = `${key} in ${file.slice(file.lastIndexOf('/') + 1)}`;
    if (BIND_KEYS.test(key)) {
      // `https = :8443,cert,key`: the address is the first field.
      const b = parseAddress(value.split(',')[0]!, file, v.span, via);
      if (b) out.binds.push(b);
    } else if (key === 'harakiri' && /^\d+$/.test(value)) out.harakiri = { value: Number(value), file, span: v.span, via };
    else if ((key === 'processes' || key === 'workers') && /^\d+$/.test(value)) out.workers = { value: Number(value), file, span: v.span, via };
    else if (key === 'master') out.master = { value: /^(true|1|yes|on)?$/i.test(value), file, span: v.span, via };
  }
  return out;
}

/** `--ini app.ini:prod` → file and section. */
export function iniTarget(value: string): { path: string; section: string } {
  const m = /^(.*\.ini):([\w.-]+)$/i.exec(value);
  return m ? { path: m[1]!, section: m[2]! } : { path: value, section: 'uwsgi' };
}

/**
 * The uWSGI server with its configuration file's settings added: binds are added to the command
 * line's (uWSGI listens on all of them); the worker timeout and count of the command line win.
 */
export function withUwsgiConfig(server: AppServer, conf: UwsgiConfig): AppServer {
  const out: AppServer = { ...server, binds: [...server.binds, ...conf.binds] };
  if (!out.timeout && conf.harakiri) out.timeout = conf.harakiri;
  if (!out.workers && conf.workers) out.workers = conf.workers;
  if (!out.master && conf.master) out.master = conf.master;
  out.configFile = conf.file;
  return out;
}
