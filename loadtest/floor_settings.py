"""Settings for ``FLOOR=1 loadtest/run.sh`` only: the app plus the benchmark's floor view at
``/__floor__/`` (the base layout and one query), to measure what this machine can serve of the
cheapest logged-in page. Never used to serve the app."""

from praktijkwijs.settings import *  # noqa: F403

ROOT_URLCONF = "trajecten.benchmark.urls"
