import { describe, expect, it } from 'vitest';
import { ConfigResolver } from '../../../src/core/config/resolve.js';
import { lint } from '../../../src/core/engine.js';
import { MemoryHost } from '../../../src/core/memory-host.js';
import { defineRule, type ProjectModel } from '../../../src/core/rule.js';
import { loadParser } from '../../../src/parsers/index.js';
import { pythonApps, type PythonAppInfo } from '../../../src/parsers/python/apps.js';
import { classify } from '../../../src/project/classify.js';

/** Runs the engine over `files` and returns what pythonApps() sees (twice, to check the memo). */
async function appsOf(files: Record<string, string>, hostOnly: Record<string, string> = {}): Promise<PythonAppInfo[]> {
  let seen: PythonAppInfo[] = [];
  const probe = defineRule({
    meta: { id: 'python/probe', kind: 'project', severity: 'info', recommended: false, status: 'stable', since: '0.1.0', description: 'x', causes: [], remediation: 'x', messages: { m: 'x' } },
    create: () => ({
      project(model: ProjectModel) {
        seen = pythonApps(model);
        expect(pythonApps(model)).toBe(seen);
      },
    }),
  });
  const sources = Object.entries(files).map(([path, text]) => ({ path, text, kind: classify(path, text)! }));
  await lint({
    files: sources,
    rules: [probe],
    config: new ConfigResolver({ extends: 'all', rules: { 'python/probe': 'info' } }, new Map([['python/probe', probe]])),
    parsers: loadParser,
    host: new MemoryHost({ ...files, ...hostOnly }),
  });
  return seen;
}

const routes = (a: PythonAppInfo) => a.routes.map((r) => `${r.method} ${r.path}${r.regex ? ' (regex)' : ''}`);

describe('pythonApps', () => {
  it('follows Django ROOT_URLCONF through include() chains, nested lists and class-based views', async () => {
    const [app] = await appsOf({
      'web/requirements.txt': '-r requirements/base.txt\ngunicorn==21.2\n',
      'web/shop/settings.py': 'ROOT_URLCONF = "shop.urls"\nINSTALLED_APPS = []\n',
      'web/shop/urls.py': [
        'from django.urls import include, path, re_path',
        'from . import views',
        'from orders import urls as order_urls',
        '',
        'api = [path("ping/", views.ping)]',
        '',
        'urlpatterns = [',
        '    path("", views.home),',
        '    path("healthz/", views.Health.as_view()),',
        '    path("api/", include(api)),',
        '    path("orders/", include(order_urls)),',
        '    re_path(r"^legacy/", include("legacy.urls")),',
        ']',
        'urlpatterns += [path("about/", views.about)]',
      ].join('\n'),
      'web/shop/views.py': 'def home(r): ...\ndef ping(r): ...\ndef about(r): ...\nclass Health: ...\n',
      'web/orders/urls.py': 'from django.urls import path\nfrom .views import detail\n\nurlpatterns = [path("<int:pk>/", detail)]\n',
      'web/orders/views.py': 'def detail(r, pk): ...\n',
      'web/legacy/urls.py': 'from django.urls import re_path\nfrom legacy import views\nurlpatterns = [re_path(r"^(?P<slug>[-\\w]+)/$", views.page)]\n',
      'web/legacy/views.py': 'def page(r, slug): ...\n',
    }, { 'web/requirements/base.txt': 'Django>=4.2,<5.0\n' });
    expect(app!.dir).toBe('web');
    expect(app!.framework).toBe('django');
    expect(app!.frameworkVersion).toBe(4);
    expect(app!.routesComplete).toBe(true);
    expect(routes(app!)).toEqual(['* /', '* /healthz/', '* /api/ping/', '* /orders/<int:pk>/', '* /legacy/(?P<slug>[-\\w]+)/$ (regex)', '* /about/']);
    expect(app!.routes[1]!.where.file).toBe('web/shop/urls.py');
  });

  it('without ROOT_URLCONF, starts at the urls.py no other one includes', async () => {
    const [app] = await appsOf({
      'requirements.txt': 'django\n',
      'proj/urls.py': 'from django.urls import include, path\nurlpatterns = [path("blog/", include("blog.urls"))]\n',
      'blog/urls.py': 'from django.urls import path\nfrom . import views\nurlpatterns = [path("<slug:s>/", views.post)]\n',
      'blog/views.py': 'def post(r, s): ...\n',
    });
    expect(routes(app!)).toEqual(['* /blog/<slug:s>/']);
  });

  it('reads Flask blueprints registered with prefixes, methods, and gunicorn bind', async () => {
    const [app] = await appsOf({
      'svc/pyproject.toml': '[project]\nname = "svc"\ndependencies = ["flask>=3.0", "gunicorn"]\n',
      'svc/gunicorn.conf.py': 'bind = "0.0.0.0:8000"\nworkers = 4\n',
      'svc/app/__init__.py': 'from flask import Flask\nfrom .api import bp\n\ndef create_app():\n    app = Flask(__name__)\n    app.register_blueprint(bp, url_prefix="/api/v1")\n\n    @app.get("/healthz")\n    def healthz():\n        return "ok"\n    return app\n',
      'svc/app/api.py': 'from flask import Blueprint\nbp = Blueprint("api", __name__, url_prefix="/ignored")\n\n@bp.route("/orders", methods=["GET", "POST"])\ndef orders():\n    return []\n',
    });
    expect(app!.framework).toBe('flask');
    expect(routes(app!).sort()).toEqual(['GET /api/v1/orders', 'GET /healthz', 'POST /api/v1/orders']);
    expect(app!.listenPort?.port).toBe(8000);
    expect(app!.listenPort?.where.file).toBe('svc/gunicorn.conf.py');
    expect(app!.flaskApps).toHaveLength(1);
  });

  it('reads FastAPI routers and a Procfile --bind', async () => {
    const [app] = await appsOf(
      {
        'Pipfile': '[packages]\nfastapi = "==0.110.0"\nuvicorn = "*"\n',
        'main.py': 'from fastapi import FastAPI\nfrom routers import items\n\napp = FastAPI()\napp.include_router(items.router, prefix="/v2")\n\n@app.get("/")\nasync def root():\n    return {}\n',
        'routers/items.py': 'from fastapi import APIRouter\nrouter = APIRouter(prefix="/items")\n\n@router.get("/{item_id}")\nasync def read(item_id: int):\n    return {}\n',
      },
      { Procfile: 'web: gunicorn main:app -k uvicorn.workers.UvicornWorker --bind 0.0.0.0:9000\n' },
    );
    expect(app!.framework).toBe('fastapi');
    expect(routes(app!).sort()).toEqual(['GET /', 'GET /v2/items/{item_id}']);
    expect(app!.listenPort).toEqual({ port: 9000, where: { file: 'Procfile', span: { start: 63, end: 75 } } });
  });

  it('marks routes incomplete when patterns are built dynamically', async () => {
    const [app] = await appsOf({
      'requirements.txt': 'Django==5.0\n',
      'site/urls.py': 'from django.urls import path\nurlpatterns = [path(p, v) for p, v in ROUTES]\n',
    });
    expect(app!.routesComplete).toBe(false);
  });
});
