"""Where the app servers' CPU went during a load run: a summary of py-spy's raw samples.

    python3 loadtest/profile_summary.py /tmp/praktijkwijs-load/profile.txt [rows]

run.sh writes that file with PROFILE=1. py-spy samples a worker only while it holds the GIL, so
waiting on PostgreSQL, Redis or the network is left out: the shares are of Python's CPU.

Printed: the share of each view (all it calls included); the share of each layer, a sample
counted for the layer of the innermost frame that belongs to one (so a query run from a template
counts as ORM, a filter's code as template); and the functions with the largest inclusive share.
"""

import collections
import re
import sys

VIEW = re.compile(r"^(\S+) \((?:trajecten|praktijkwijs|werkopdrachten)/views/")
# Tried in this order on each frame, from the innermost frame outwards.
LAYERS = [
    ("ORM: building queries, running them, making rows", re.compile(r"\(django/db/|\(psycopg2/")),
    ("templates", re.compile(r"\(django/template(tags)?/")),
    ("forms", re.compile(r"\(django/forms/|\(crispy")),
    ("sessions, cache, Redis", re.compile(r"\(django/contrib/sessions/|\(django/core/cache/|\(redis/")),
    ("our code", re.compile(r"\((trajecten|praktijkwijs|werkopdrachten)/")),
    (
        "request handling, middleware, login",
        re.compile(r"\(django/(core/handlers|middleware|http|contrib/auth|urls)/|\((whitenoise|axes|django_htmx)/"),
    ),
    ("gunicorn", re.compile(r"\(gunicorn/")),
]


def frames_of(line: str) -> tuple[list[str], int]:
    """The frames of one raw line, outermost first, as "function (package/path.py)"."""
    stack, _, count = line.rstrip().rpartition(" ")
    frames = []
    for frame in stack.split(";"):
        frame = re.sub(r":\d+\)$", ")", frame)
        frame = re.sub(r"\(/\S*?(?:site-packages|lib/python3\.\d+|/work/[^/]+)/", "(", frame)
        frames.append(frame)
    return frames, int(count)


def layer_of(frames: list[str]) -> str:
    for frame in reversed(frames):
        for name, pattern in LAYERS:
            if pattern.search(frame):
                return name
    return "other (Python's own library)"


def share(count: int, total: int) -> str:
    return f"{100 * count / total:5.1f} %"


def main(path: str, rows: int) -> None:
    views: collections.Counter[str] = collections.Counter()
    layers: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    with open(path) as handle:
        for line in handle:
            if not line.strip():
                continue
            frames, count = frames_of(line)
            total += count
            view = next((match.group(1) for frame in frames if (match := VIEW.match(frame))), "(outside a view)")
            views[view] += count
            layers[layer_of(frames)] += count
            for frame in set(frames):
                if not frame.startswith("process ") and "(gunicorn" not in frame:  # the server's loop
                    inclusive[frame] += count
    if not total:
        sys.exit(f"{path}: no samples")
    print(f"{total} samples of Python holding the GIL\n\nPer view:")
    for view, count in views.most_common():
        print(f"{share(count, total)}  {view}")
    print("\nPer layer (innermost frame):")
    for layer, count in layers.most_common():
        print(f"{share(count, total)}  {layer}")
    print("\nFunctions (inclusive):")
    for frame, count in inclusive.most_common(rows):
        print(f"{share(count, total)}  {frame[:150]}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 60)
