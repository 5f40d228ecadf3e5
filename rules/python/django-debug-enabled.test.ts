import { RuleTester } from '../../src/testing/index.js';
import rule from './django-debug-enabled.js';

const settings = (debug: string) => `from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
${debug}
ALLOWED_HOSTS = ["shop.example.com"]
INSTALLED_APPS = ["django.contrib.admin", "shop"]
ROOT_URLCONF = "shop.urls"
`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'an environment read that defaults to False, or has no default',
      filename: 'example/settings.py',
      code: "import environ\nenv = environ.Env()\nINSTALLED_APPS = []\nDEBUG = env.bool('DEBUG', default=False)\nTEMPLATE_DEBUG = env.bool('DEBUG')\n",
    },
    { filename: 'shop/settings.py', code: settings('DEBUG = os.environ.get("DJANGO_DEBUG") == "1"') },
    { filename: 'shop/settings.py', code: settings('DEBUG = True\nDEBUG = env.bool("DJANGO_DEBUG", default=False)') },
    { filename: 'shop/settings.py', code: settings('if os.environ.get("LOCAL"):\n    DEBUG = True\nelse:\n    DEBUG = False') },
    { filename: 'shop/settings/dev.py', code: 'from .base import *\n\nDEBUG = True\nINSTALLED_APPS += ["debug_toolbar"]\n' },
    { filename: 'shop/local_settings.py', code: 'DEBUG = True\nALLOWED_HOSTS = ["*"]\n' },
    // A Flask app's config module is not a Django settings module.
    { filename: 'app.py', code: 'DEBUG = True\napp = Flask(__name__)\n' },
    { name: 'settings.py of a project without Django', filename: 'tool/settings.py', code: 'DEBUG = True\nVERBOSE = 2\n' },
    { filename: 'shop/settings/staging.py', code: 'from .base import *\nDEBUG = True\nSECRET_KEY = "x"\n', options: { devModules: ['staging'] } },
    { filename: 'shop/settings.py', code: settings('DEBUG = False') },
  ],
  invalid: [
    {
      // Minimised from docker/awesome-compose django/app/example/settings.py (django-environ).
      name: 'an environment read whose default is true (django-environ, decouple, os.getenv)',
      filename: 'example/settings.py',
      code: "import environ\nenv = environ.Env()\nSECRET_KEY = env('SECRET_KEY', 'x')\nDEBUG = env.bool('DEBUG', True)\n",
      errors: [{ messageId: 'debugDefaultTrue', line: 4, column: 27, endLine: 4, endColumn: 31, data: { module: 'example.settings' } }],
    },
    {
      name: 'python-decouple default=True (keyword)',
      filename: 'site/settings.py',
      code: "from decouple import config\nINSTALLED_APPS = []\nDEBUG = config('DEBUG', default=True, cast=bool)\n",
      errors: [{ messageId: 'debugDefaultTrue', line: 3, column: 33, endLine: 3, endColumn: 37 }],
    },
    {
      name: 'os.getenv with a string default that reads as true',
      filename: 'site/settings/prod.py',
      code: "import os\nALLOWED_HOSTS = ['*']\nDEBUG = os.getenv('DJANGO_DEBUG', 'yes')\n",
      errors: [{ messageId: 'debugDefaultTrue', line: 3, column: 35, endLine: 3, endColumn: 40 }],
    },
    {
      filename: 'shop/settings.py',
      code: settings('DEBUG = True'),
      errors: [{ messageId: 'debugTrue', line: 5, column: 9, endLine: 5, endColumn: 13, data: { module: 'shop.settings' } }],
    },
    {
      name: 'UTF-16 columns after non-ASCII text on the same line',
      filename: 'shop/settings.py',
      code: '# Paramètres de production ✓\nSECRET_KEY = "clé-😀"; DEBUG = True\nINSTALLED_APPS = []\n',
      errors: [{ messageId: 'debugTrue', line: 2, column: 32, endLine: 2, endColumn: 36 }],
    },
    {
      name: 'chained assignment in a settings package',
      filename: 'config/settings/production.py',
      code: 'from .base import *  # noqa\n\nDEBUG = TEMPLATE_DEBUG = True\n',
      files: { 'requirements.txt': 'Django==4.2.11\ngunicorn==21.2.0\n' },
      errors: [{ messageId: 'debugTrue', line: 3, column: 26, endLine: 3, endColumn: 30, data: { module: 'settings.production' } }],
    },
    {
      name: 'Django known from pyproject.toml, two settings modules',
      filename: 'web/settings/base.py',
      code: 'DEBUG = True\n',
      files: {
        'pyproject.toml': '[project]\nname = "web"\ndependencies = ["django>=5.0", "psycopg[binary]"]\n',
        'web/settings/prod.py': 'from .base import *\n\nDEBUG = True\n',
      },
      errors: [
        { messageId: 'debugTrue', file: 'web/settings/prod.py', line: 3, column: 9, endLine: 3, endColumn: 13 },
        { messageId: 'debugTrue', line: 1, column: 9, endLine: 1, endColumn: 13 },
      ],
    },
  ],
});
