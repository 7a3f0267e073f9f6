"""``manage.py benchmark``: national-scale data in a separate database, then the key requests timed.

How the separate database works: Django's own test-database machinery
(``connection.creation.create_test_db``) is pointed at a benchmark name. On PostgreSQL that
is ``<name>_benchmark`` next to the app's database (dropped first if it exists); on SQLite a
file in a temporary folder. It migrates the new database and switches the ``default``
connection (and ``settings.DATABASES``) over to it for the rest of the process, so every
model, view and middleware reads and writes the benchmark data; at the end the database is
dropped and the connection switched back (``--keep`` leaves it for ``EXPLAIN ANALYZE``).
Files (issued PDFs) go to a temporary folder, tasks run immediately, and the cache is Redis under
a key prefix of its own when REDIS_URL is set (as in production, sessions included), else a
local-memory one: the running app's database, media, cache keys and queue are never touched.

See docs/performance.md for the figures and how to read them.
"""

import contextlib
import json
import logging
import shutil
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.test.utils import override_settings

from trajecten.benchmark.measure import Bench, format_table
from trajecten.benchmark.seed import Seeder


class Command(BaseCommand):
    help = "Seed national-scale data in a separate database and time the key requests (see docs/performance.md)."

    # For the test suite only: measure in the current (test) database instead of creating one.
    # Not a command-line option, so nobody runs the seed against the app's own data by accident.
    stealth_options = ("in_current_database",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", dest="json_path", help="Write the results as JSON to this path.")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Size of the dataset; 1.0 is national scale (25 000 deelnemers)."
        )
        parser.add_argument("--repeat", type=int, default=30, help="Timed runs per request (default 30).")
        parser.add_argument(
            "--keep", action="store_true", help="Keep the benchmark database afterwards (to run EXPLAIN ANALYZE)."
        )
        parser.add_argument(
            "--seed-only",
            action="store_true",
            help="Only build the dataset (with --keep: for the load test in loadtest/run.sh); measure nothing.",
        )
        parser.add_argument(
            "--password",
            default=None,
            help="Give every seeded login this password (for the load test); default: unusable passwords.",
        )
        parser.add_argument(
            "--no-migrations",
            action="store_true",
            help="Create the tables from the models instead of running migrations (when migrations lag behind).",
        )

    def handle(self, *args, **options) -> None:
        if options["scale"] <= 0 or options["repeat"] < 1:
            raise CommandError("--scale must be positive and --repeat at least 1.")
        if options.get("in_current_database"):
            report = self.run(options)
        else:
            with self.benchmark_database(keep=options["keep"], migrate=not options["no_migrations"]):
                report = self.run(options)
        if report is None:
            return
        if options["json_path"]:
            Path(options["json_path"]).write_text(json.dumps(report.as_json(), indent=2) + "\n")
            self.stdout.write(f"JSON written to {options['json_path']}")
        if report.failures:
            raise CommandError("Some requests did not answer as expected:\n  " + "\n  ".join(report.failures))

    @contextlib.contextmanager
    def benchmark_database(self, *, keep: bool, migrate: bool) -> Iterator[str]:
        connection = connections["default"]
        original = connection.settings_dict["NAME"]
        tmpdir = None
        if connection.vendor == "postgresql":
            name = f"{original}_benchmark"
        elif connection.vendor == "sqlite":
            tmpdir = tempfile.mkdtemp(prefix="praktijkwijs-benchmark-")
            name = str(Path(tmpdir) / "benchmark.sqlite3")
        else:
            raise CommandError(f"Unsupported database: {connection.vendor}")
        if name == original:
            raise CommandError("Refusing to run: the benchmark database would be the app's own database.")
        connection.settings_dict["TEST"] = {
            **connection.settings_dict.get("TEST", {}),
            "NAME": name,
            "MIGRATE": migrate,
        }
        self.stdout.write(f"Creating benchmark database {name} ({'migrate' if migrate else 'tables from models'}) …")
        started = time.perf_counter()
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        self.stdout.write(f"  ready in {time.perf_counter() - started:.1f} s")
        try:
            yield name
        finally:
            if keep:
                self.stdout.write(f"Kept the benchmark database {name}.")
            else:
                connection.creation.destroy_test_db(original, verbosity=0)
                if tmpdir:
                    shutil.rmtree(tmpdir, ignore_errors=True)

    @staticmethod
    def cache_settings() -> dict:
        """The cache of production when it is configured (Redis, with the sessions read from it:
        see settings), under a key prefix of its own so the app's keys are never touched; else
        this process's memory."""
        if settings.REDIS_URL:
            return {**settings.CACHES["default"], "KEY_PREFIX": "praktijkwijs-benchmark"}
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}

    def run(self, options: dict):
        media = tempfile.mkdtemp(prefix="praktijkwijs-benchmark-media-")
        overrides = {
            "ROOT_URLCONF": "trajecten.benchmark.urls",
            # Production-like request handling, without the test instrumentation.
            "DEBUG": False,
            "ALLOWED_HOSTS": [*settings.ALLOWED_HOSTS, "testserver"],
            # Pages are measured past login; two-factor prompts are a login step, not a page.
            "TWO_FACTOR_REQUIRED": False,
            # Isolated from the running app: files, cache and task queue.
            "MEDIA_ROOT": media,
            "STORAGES": {
                **settings.STORAGES,
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": media}},
            },
            "CACHES": {"default": self.cache_settings()},
            "TASKS": {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        }
        # WeasyPrint logs every layout step at INFO; the table is what matters here.
        weasyprint_log = logging.getLogger("weasyprint")
        previous_level = weasyprint_log.level
        weasyprint_log.setLevel(logging.WARNING)
        try:
            with override_settings(**overrides), warnings.catch_warnings():
                # whitenoise warns about a missing STATIC_ROOT with DEBUG off; pages do not need it here.
                warnings.filterwarnings("ignore", message="No directory at")
                self.stdout.write(f"Seeding at scale {options['scale']} …")
                started = time.perf_counter()
                seeder = Seeder(options["scale"], log=self.stdout.write, password=options["password"])
                personas = seeder.run()
                self.stdout.write(f"  seeded in {time.perf_counter() - started:.1f} s")
                if options["seed_only"]:
                    return None
                self.stdout.write(f"Measuring ({options['repeat']} runs per request) …")
                report = Bench(personas, repeat=options["repeat"], log=self.stdout.write).run()
        finally:
            weasyprint_log.setLevel(previous_level)
            shutil.rmtree(media, ignore_errors=True)
        cache = "Redis" if settings.REDIS_URL else "local memory"
        self.stdout.write(
            f"\nDatabase: {report.database}, floor {report.floor_ms:.1f} ms"
            f" (cache: {cache}; sessions: {settings.SESSION_ENGINE.rsplit('.', 1)[-1]})\n"
        )
        self.stdout.write(format_table(report))
        if report.skipped:
            self.stdout.write(f"\nSkipped (not built yet): {', '.join(report.skipped)}")
        return report
