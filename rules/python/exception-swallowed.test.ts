import { RuleTester } from '../../src/testing/index.js';
import rule from './exception-swallowed.js';

new RuleTester().run(rule, {
  valid: [
    'from flask import Flask\n\napp = Flask(__name__)\n\n@app.route("/")\ndef index():\n    try:\n        return render()\n    except ValueError:\n        pass\n    return "fallback"\n',
    'from flask import Flask\n\napp = Flask(__name__)\n\n@app.route("/")\ndef index():\n    try:\n        warm_cache()\n    except Exception:\n        app.logger.exception("cache warm-up failed")\n    return "ok"\n',
    // A helper that no route reaches.
    'import json\n\ndef load(path):\n    try:\n        return json.load(open(path))\n    except Exception:\n        pass\n',
    { filename: 'shop/views.py', code: 'from django.views import View\n\nclass Home(View):\n    def get(self, request):\n        try:\n            track(request)\n        except Exception:\n            # tracking must never break the page\n            logger.warning("tracking failed", exc_info=True)\n        return render(request, "home.html")\n' },
  ],
  invalid: [
    {
      name: 'Flask route with except Exception: pass',
      code: 'from flask import Flask\n\napp = Flask(__name__)\n\n@app.post("/orders")\ndef create_order():\n    try:\n        notify_warehouse()\n    except Exception:\n        pass\n    return {"ok": True}, 201\n',
      errors: [{ messageId: 'swallowed', line: 9, column: 5, endLine: 9, endColumn: 21, data: { clause: 'except Exception', view: 'create_order' } }],
    },
    {
      name: 'Django class-based view: bare except and a tuple with Exception',
      filename: 'shop/views.py',
      code: [
        'from django.views.generic import View',
        '',
        'class Payment(View):',
        '    def post(self, request):',
        '        try:',
        '            charge(request)',
        '        except:',
        '            pass',
        '        try:',
        '            receipt(request)',
        '        except (ValueError, Exception) as exc:  # ignore',
        '            ...',
        '        return redirect("done")',
        '',
      ].join('\n'),
      errors: [
        { messageId: 'swallowed', line: 7, column: 9, endLine: 7, endColumn: 15 },
        { messageId: 'swallowed', line: 11, column: 9, endLine: 11, endColumn: 39 },
      ],
    },
    {
      name: 'function view routed in urls.py',
      filename: 'shop/views.py',
      files: { 'shop/urls.py': 'from django.urls import path\nfrom shop.views import healthz\n\nurlpatterns = [path("healthz/", healthz)]\n' },
      code: 'def healthz(request):\n    try:\n        db_ping()\n    except BaseException:\n        pass\n    return HttpResponse("ok")\n',
      errors: [{ messageId: 'swallowed', line: 4, column: 5, endLine: 4, endColumn: 25 }],
    },
  ],
});
