"""CPU used per kind of process on this machine during a load run, read from /proc.

    python3 loadtest/cpu_share.py SECONDS OUT_FILE

Sums each process's user and system time at the start and the end of the window, grouped as the
app servers (gunicorn), PostgreSQL, the load generator (locust), Redis and the rest, and writes
the groups' CPU in per cent of one core (200 % is both cores of this machine) as
``group percent`` lines. run.sh turns that into milliseconds of CPU per request.
"""

import os
import sys
import time

GROUPS = (("gunicorn", "app servers"), ("postgres", "PostgreSQL"), ("locust", "locust"), ("redis", "Redis"))
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def group_of(cmdline: str) -> str:
    return next((label for word, label in GROUPS if word in cmdline), "rest")


def cpu_seconds() -> dict[tuple[str, str], float]:
    """(pid, group) -> CPU seconds used so far. main() counts only processes that run through the
    whole window: one that starts or ends in it is left out."""
    seconds = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                cmdline = handle.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # Fields 14 and 15 of /proc/PID/stat (utime, stime), counted after the ")" that ends field 2.
        seconds[(pid, group_of(cmdline))] = (int(fields[11]) + int(fields[12])) / TICKS_PER_SECOND
    return seconds


def main() -> None:
    window, out = float(sys.argv[1]), sys.argv[2]
    before, start = cpu_seconds(), time.monotonic()
    time.sleep(window)
    after, elapsed = cpu_seconds(), time.monotonic() - start
    per_group: dict[str, float] = {}
    for key, used in after.items():
        per_group[key[1]] = per_group.get(key[1], 0.0) + used - before.get(key, used)
    with open(out, "w") as handle:
        for group, used in sorted(per_group.items(), key=lambda item: -item[1]):
            handle.write(f"{group}\t{100 * used / elapsed:.1f}\n")


if __name__ == "__main__":
    main()
