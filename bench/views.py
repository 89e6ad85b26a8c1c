"""The floor every page is measured against: the full middleware stack and a view that does nothing."""

from django.http import HttpResponse


def bare(request):
    return HttpResponse("ok", content_type="text/plain")
