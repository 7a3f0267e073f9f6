"""The project's URLs plus the floor view, used only while the benchmark runs
(``ROOT_URLCONF`` is overridden for the run; the app itself never serves ``__floor__/``)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from praktijkwijs import urls as project_urls
from trajecten.models import Aanvraag


@require_GET
def floor(request: HttpRequest) -> HttpResponse:
    """The floor: the base layout and one query of the view's own; what any page costs at least."""
    # A primary-key lookup: the cheapest real query, so the floor is what every page pays.
    return render(request, "base.html", {"iets": Aanvraag.objects.filter(pk=1).exists()})


urlpatterns = [path("__floor__/", floor, name="benchmark_floor"), *project_urls.urlpatterns]

for _handler in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(project_urls, _handler):
        globals()[_handler] = getattr(project_urls, _handler)
