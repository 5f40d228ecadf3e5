import { RuleTester } from '../../src/testing/index.js';
import rule from './view-may-return-none.js';

const urls = `from django.urls import path

from . import views

urlpatterns = [
    path("orders/", views.order_list, name="order-list"),
    path("orders/<int:pk>/", views.OrderDetail.as_view(), name="order-detail"),
]
`;

new RuleTester().run(rule, {
  valid: [
    {
      filename: 'shop/views.py',
      files: { 'shop/urls.py': urls },
      code: [
        'from django.http import Http404, JsonResponse',
        'from django.views import View',
        '',
        'def order_list(request):',
        '    if request.method == "POST":',
        '        return JsonResponse({"created": True}, status=201)',
        '    return JsonResponse({"orders": []})',
        '',
        'class OrderDetail(View):',
        '    def get(self, request, pk):',
        '        try:',
        '            order = Order.objects.get(pk=pk)',
        '        except Order.DoesNotExist:',
        '            raise Http404("no such order")',
        '        return JsonResponse(order.as_dict())',
        '',
        'def helper(request):',
        '    pass',
        '',
      ].join('\n'),
    },
    {
      name: 'loops and match that always return',
      filename: 'shop/views.py',
      files: { 'shop/urls.py': urls },
      code: [
        'def order_list(request):',
        '    while True:',
        '        page = fetch()',
        '        if page:',
        '            return render(request, "list.html", {"page": page})',
        '',
        'class OrderDetail(View):',
        '    def get(self, request, pk):',
        '        match request.GET.get("format"):',
        '            case "json":',
        '                return JsonResponse({})',
        '            case _:',
        '                return render(request, "detail.html")',
        '',
      ].join('\n'),
    },
    // Not routed, not a view class: a plain helper may return None.
    { filename: 'shop/utils.py', code: 'from django.conf import settings\n\ndef maybe(x):\n    if x:\n        return 1\n' },
    // FastAPI serialises None as null with a 200.
    { code: 'from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.get("/items")\ndef items():\n    pass\n' },
    { filename: 'tools/cache.py', code: 'class Cache:\n    def get(self, key):\n        if key in self.data:\n            return self.data[key]\n' },
    { code: 'from flask import Flask, abort\n\napp = Flask(__name__)\n\n@app.route("/admin")\ndef admin():\n    abort(403)\n' },
  ],
  invalid: [
    {
      name: 'routed function view that falls off the end',
      filename: 'shop/views.py',
      files: { 'shop/urls.py': urls },
      code: 'from django.shortcuts import redirect\n\ndef order_list(request):\n    if request.method == "POST":\n        return redirect("order-list")\n\nclass OrderDetail:\n    pass\n',
      errors: [{ messageId: 'fallsOff', line: 3, column: 5, endLine: 3, endColumn: 15, data: { name: 'order_list', framework: 'Django', failure: "didn't return an HttpResponse object. It returned None instead." } }],
    },
    {
      name: 'class-based view: swallowed exception then nothing; bare return',
      filename: 'shop/views.py',
      code: [
        'from django.views.generic import TemplateView',
        '',
        'class Checkout(TemplateView):',
        '    def post(self, request):',
        '        if not request.user.is_authenticated:',
        '            return',
        '        try:',
        '            return self.render_to_response(self.get_context_data())',
        '        except Exception:',
        '            log.exception("checkout failed")',
        '',
      ].join('\n'),
      errors: [
        { messageId: 'fallsOff', line: 4, column: 9, endLine: 4, endColumn: 13 },
        { messageId: 'returnsNone', line: 6, column: 13, endLine: 6, endColumn: 19 },
      ],
    },
    {
      name: 'routed through include() and a class defined in another module',
      filename: 'orders/views.py',
      files: {
        'shop/settings.py': 'ROOT_URLCONF = "shop.urls"\nINSTALLED_APPS = ["orders"]\n',
        'shop/urls.py': 'from django.urls import include, path\n\nurlpatterns = [path("api/", include("orders.urls"))]\n',
        'orders/urls.py': 'from django.urls import re_path\nfrom .views import Export\n\nurlpatterns = [re_path(r"^export/(?P<fmt>\\w+)/$", Export.as_view())]\n',
      },
      code: 'from .base import Base\n\nclass Export(Base):\n    def get(self, request, fmt):\n        if fmt == "csv":\n            return csv_response()\n        return None\n',
      errors: [{ messageId: 'returnsNone', line: 7, column: 9, endLine: 7, endColumn: 20 }],
    },
    {
      name: 'Flask route',
      code: 'from flask import Flask, jsonify\n\napp = Flask(__name__)\n\n@app.route("/orders/<int:oid>", methods=["GET", "DELETE"])\ndef order(oid):\n    if request.method == "GET":\n        return jsonify(find(oid))\n',
      errors: [{ messageId: 'fallsOff', line: 6, column: 5, endLine: 6, endColumn: 10, data: { name: 'order', framework: 'Flask', failure: 'The view function did not return a valid response.' } }],
    },
  ],
});
