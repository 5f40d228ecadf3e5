/**
 * ingress-nginx annotations read as the nginx directives the controller writes from them, so the
 * checks nginx rules make on a directive apply to the annotation too (one implementation, two
 * carriers). The controller takes the timeouts as plain seconds and writes `proxy_read_timeout 5s;`.
 */
import type { Span } from '../../core/text.js';

export const INGRESS_NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';

/** Annotation (without the prefix) → the directive it sets, and whether the value is in seconds without a unit. */
const ANNOTATION_DIRECTIVES: Record<string, { directive: string; seconds?: boolean }> = {
  'proxy-read-timeout': { directive: 'proxy_read_timeout', seconds: true },
  'proxy-send-timeout': { directive: 'proxy_send_timeout', seconds: true },
  'proxy-connect-timeout': { directive: 'proxy_connect_timeout', seconds: true },
  'proxy-body-size': { directive: 'client_max_body_size' },
  'proxy-buffer-size': { directive: 'proxy_buffer_size' },
  'proxy-buffers-number': { directive: 'proxy_buffers' },
  'proxy-next-upstream-timeout': { directive: 'proxy_next_upstream_timeout', seconds: true },
  'proxy-next-upstream-tries': { directive: 'proxy_next_upstream_tries' },
};

/** An annotation seen as the directive it becomes. */
export interface AnnotationDirective {
  annotation: string;
  directive: string;
  /** The value in nginx syntax (`5` → `5s` for timeouts). */
  value: string;
  /** The annotation's value as written. */
  raw: string;
  span: Span;
}

/** The nginx directives an object's ingress-nginx annotations set. */
export function annotationDirectives(annotations: Record<string, string>, spans: Record<string, Span>): AnnotationDirective[] {
  const out: AnnotationDirective[] = [];
  for (const [key, raw] of Object.entries(annotations)) {
    if (!key.startsWith(INGRESS_NGINX_PREFIX)) continue;
    const name = key.slice(INGRESS_NGINX_PREFIX.length);
    const m = ANNOTATION_DIRECTIVES[name];
    const span = spans[key];
    if (!m || !span) continue;
    const v = raw.trim();
    out.push({ annotation: key, directive: m.directive, value: m.seconds && /^\d+$/.test(v) ? `${v}s` : v, raw, span });
  }
  return out;
}
