import { defineRule } from '../../src/core/rule.js';
import { isGenerator } from '../../src/parsers/python/ast.js';
import { returnGaps } from '../../src/parsers/python/flow.js';
import { viewFramework } from '../../src/parsers/python/views.js';

const FAILURE: Record<string, string> = {
  Django: "didn't return an HttpResponse object. It returned None instead.",
  Flask: 'The view function did not return a valid response.',
};

export default defineRule({
  meta: {
    id: 'python/view-may-return-none',
    kind: 'python',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Return a response on every path of a Django or Flask view.',
    causes: ['unhandled-exception-500'],
    remediation: 'Return a response (or raise an HTTP exception such as Http404) on every path, including after except blocks and at the end of the function.',
    messages: {
      fallsOff: 'View {{name}} can reach the end of its body without returning a response: {{framework}} then fails with "{{failure}}" and answers 500.',
      returnsNone: 'View {{name}} returns None here: {{framework}} then fails with "{{failure}}" and answers 500.',
    },
  },
  create(ctx) {
    return {
      function_definition(fn) {
        const name = fn.child('name');
        if (!name || isGenerator(fn)) return;
        const framework = viewFramework(ctx.model, ctx.file, fn);
        if (framework !== 'Django' && framework !== 'Flask') return;
        const gaps = returnGaps(fn);
        const data = { name: name.text, framework, failure: FAILURE[framework]! };
        for (const r of gaps.emptyReturns) ctx.report({ node: r, messageId: 'returnsNone', data });
        if (gaps.fallsOff) ctx.report({ node: name, messageId: 'fallsOff', data });
      },
    };
  },
});
