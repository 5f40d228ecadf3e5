import { defineRule } from '../../src/core/rule.js';
import { attr } from '../../src/parsers/xml/index.js';
import { isDevOnlyExpression, parseBoolValue } from '../../src/parsers/properties/relaxed.js';
import { springInScope } from '../../src/parsers/xml/rule-support.js';
import { boolValue, tomcatFacts } from '../../src/parsers/xml/tomcat-model.js';

const VALVE_ATTRS: Record<string, string> = {
  showReport: 'the exception message and stack trace',
  showServerInfo: 'the Tomcat name and version',
};

const SPRING: Record<string, { what: string; param: string }> = {
  'server.error.includestacktrace': { what: 'the stack trace', param: 'trace' },
  'server.error.includemessage': { what: 'the exception message', param: 'message' },
  'server.error.includeexception': { what: 'the exception class name', param: '' },
};

export default defineRule({
  meta: {
    id: 'tomcat/error-report-exposes-details',
    kind: ['tomcat', 'spring'],
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Keep stack traces and server versions out of 500 responses.',
    causes: ['error-details-leak'],
    remediation: 'Set showReport and showServerInfo to false on the ErrorReportValve, and keep server.error.include-* at never (or limit them to a dev profile).',
    messages: {
      valve: 'ErrorReportValve has {{attr}}="{{value}}": every 500 page shows {{what}} to whoever made the request.',
      spring: '{{key}} is {{value}} outside a dev profile: every 500 response includes {{what}}, telling clients and attackers how the app fails and how it is built.',
      onParam: '{{key}} is {{value}} outside a dev profile: any client that adds ?{{param}}=true to a failing request gets {{what}} in the 500 response.',
    },
    options: {
      devProfiles: { type: 'string[]', default: ['dev', 'development', 'local', 'test'], description: 'Spring profiles where detailed error responses are accepted.' },
    },
  },
  create(ctx, options) {
    return {
      document(doc) {
        for (const valve of tomcatFacts(doc).errorValves) {
          for (const [name, what] of Object.entries(VALVE_ATTRS)) {
            const a = attr(valve, name);
            if (a && boolValue(a) === true) ctx.report({ span: a.valueSpan, messageId: 'valve', data: { attr: name, value: a.value, what } });
          }
        }
      },
      entry(entry) {
        const spec = SPRING[entry.name];
        if (!spec || !springInScope(ctx.file.root)) return;
        if (entry.profiles.some((p) => isDevOnlyExpression(p, options.devProfiles))) return;
        const value = entry.value.trim().toLowerCase().replace(/_/g, '-');
        const data = { key: entry.key, value: entry.value.trim(), what: spec.what, param: spec.param };
        if (entry.name === 'server.error.includeexception') {
          if (parseBoolValue(value) === true) ctx.report({ span: entry.valueSpan, messageId: 'spring', data });
        } else if (value === 'always') ctx.report({ span: entry.valueSpan, messageId: 'spring', data });
        else if (value === 'on-param' || value === 'on-trace-param') ctx.report({ span: entry.valueSpan, messageId: 'onParam', data });
      },
    };
  },
});
