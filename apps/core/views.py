from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health, selectors


@never_cache
@require_GET
def healthz(request):
    """Database and broker state as JSON: 200 when both are up, 503 naming what is down."""
    db_ok, db_detail = health.database_ok()
    broker_ok, broker_detail = health.broker_ok()
    ok = db_ok and broker_ok
    body = {"status": "ok" if ok else "error", "database": db_detail, "broker": broker_detail}
    return JsonResponse(body, status=200 if ok else 503)


@require_GET
def bench_baseline(request):
    """The benchmark yardstick: one indexed query through the default middleware. Exists only
    where settings.SIKAP_BENCH_BASELINE is on (bench and test settings)."""
    if not settings.SIKAP_BENCH_BASELINE:
        raise Http404
    return JsonResponse({"ok": True, "exists": selectors.user_exists(pk=1)})


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
