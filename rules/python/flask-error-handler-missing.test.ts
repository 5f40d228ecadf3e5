import { RuleTester } from '../../src/testing/index.js';
import rule from './flask-error-handler-missing.js';

const routes = '\n@app.route("/")\ndef index():\n    return "hi"\n';

new RuleTester().run(rule, {
  valid: [
    { filename: 'app.py', code: `from flask import Flask\n\napp = Flask(__name__)\n${routes}\n@app.errorhandler(500)\ndef oops(e):\n    return "sorry", 500\n` },
    { filename: 'app.py', code: `from flask import Flask\n\napp = Flask(__name__)\n${routes}\n@app.errorhandler(Exception)\ndef oops(e):\n    return "sorry", 500\n` },
    { filename: 'app.py', code: `from flask import Flask\nfrom werkzeug.exceptions import InternalServerError\n\napp = Flask(__name__)\n${routes}\napp.register_error_handler(InternalServerError, handle_500)\n` },
    // No routes: nothing to protect.
    { filename: 'app.py', code: 'from flask import Flask\n\napp = Flask(__name__)\napp.config.from_object("settings")\n' },
    {
      name: 'blueprint-level app_errorhandler',
      filename: 'shop/__init__.py',
      files: { 'shop/api.py': 'from flask import Blueprint\n\nbp = Blueprint("api", __name__)\n\n@bp.get("/orders")\ndef orders():\n    return []\n\n@bp.app_errorhandler(500)\ndef failed(e):\n    return {"error": "internal"}, 500\n' },
      code: 'from flask import Flask\nfrom .api import bp\n\ndef create_app():\n    app = Flask(__name__)\n    app.register_blueprint(bp, url_prefix="/api")\n    return app\n',
    },
  ],
  invalid: [
    {
      filename: 'app.py',
      code: `from flask import Flask\n\napp = Flask(__name__)\n${routes}\n@app.errorhandler(404)\ndef missing(e):\n    return "not here", 404\n`,
      errors: [{ messageId: 'missing', line: 3, column: 7, endLine: 3, endColumn: 22, data: { count: 1 }, severity: 'info', related: [{ file: 'app.py', line: 5 }] }],
    },
    {
      name: 'app factory with a blueprint in another module',
      filename: 'shop/__init__.py',
      files: { 'shop/api.py': 'from flask import Blueprint\n\nbp = Blueprint("api", __name__, url_prefix="/v1")\n\n@bp.get("/orders")\ndef orders():\n    return []\n\n@bp.route("/orders", methods=["POST"])\ndef create():\n    return {}, 201\n' },
      code: 'from flask import Flask\nfrom .api import bp\n\ndef create_app():\n    app = Flask(\n        __name__,\n    )\n    app.register_blueprint(bp)\n    return app\n',
      errors: [{ messageId: 'missing', line: 5, column: 11, endLine: 7, endColumn: 6, data: { count: 2 } }],
    },
    {
      name: 'two Flask services',
      filename: 'services/a/app.py',
      files: {
        'services/a/requirements.txt': 'flask==3.0.2\n',
        'services/b/requirements.txt': 'Flask>=2.3\n',
        'services/b/app.py': `import flask\n\napp = flask.Flask("b")\n${routes}`,
      },
      code: `from flask import Flask\napp = Flask(__name__)\n${routes}`,
      errors: [
        { messageId: 'missing', file: 'services/b/app.py', line: 3, column: 7, endLine: 3, endColumn: 23 },
        { messageId: 'missing', file: 'services/a/app.py', line: 2, column: 7, endLine: 2, endColumn: 22 },
      ],
    },
  ],
});
