"""Fault drill driver (run by loadtest/faults.sh): begeleiders keep ticking while PostgreSQL is
stopped and started again. Writes a ledger of every tick and what the server answered.

Standard library only. Each thread is one begeleider with its own session and its own
trajecten, and ticks one row at a time, so for every row the last *acknowledged* tick is the
state the database must hold afterwards (or, when a later tick on that row got no clear
answer, possibly that later state).
"""

import email.message
import json
import random
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

TRAJECT_LINK = re.compile(r'href="/trajecten/(\d+)/"')
TICK_URL = re.compile(r"/trajecten/(\d+)/voortgang/(\d+)/")
CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')
STATUSSEN = ["beheerst", "bezig", "nog_niet"]

ledger: list[dict] = []
lock = threading.Lock()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def request(opener, url: str, session: str, csrf_cookie: str = "", data: dict | None = None, headers=None):
    """(status, body, response headers); status 0 when there was no clear answer.
    Also used by faults_verklaringen.py."""
    cookie = f"sessionid={session}" + (f"; csrftoken={csrf_cookie}" if csrf_cookie else "")
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    # url starts with the http:// address faults.sh passes in, never a file: URL.
    req = urllib.request.Request(url, data=body, headers={"Cookie": cookie, **(headers or {})})  # noqa: S310
    try:
        with opener.open(req, timeout=10) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:  # also a redirect, which NoRedirect does not follow
        return error.code, error.read().decode(errors="replace"), error.headers
    except OSError as error:  # connection refused/reset, timeout: no clear answer
        return 0, str(error), email.message.Message()


def csrf_from(html: str, headers, token: str = "", cookie: str = "") -> tuple[str, str]:
    """The CSRF token in the page and the csrftoken cookie, or the ones known so far."""
    match = CSRF.search(html)
    for header in headers.get_all("Set-Cookie") or []:
        if header.startswith("csrftoken="):
            cookie = header.split(";")[0].split("=", 1)[1]
    return (match.group(1) if match else token), cookie


def begeleider(base: str, session: str, stop_at: float) -> None:
    opener = urllib.request.build_opener(NoRedirect)
    status, html, _ = request(opener, base + "/begeleiding/", session)
    trajecten = sorted(set(TRAJECT_LINK.findall(html)))
    if status != 200 or not trajecten:
        return
    ticks, csrf_token, csrf_cookie = [], "", ""
    for pk in trajecten[:3]:
        status, html, headers = request(opener, f"{base}/trajecten/{pk}/", session)
        ticks += [f"/trajecten/{t}/voortgang/{v}/" for t, v in TICK_URL.findall(html)]
        csrf_token, csrf_cookie = csrf_from(html, headers, csrf_token, csrf_cookie)
    ticks = sorted(set(ticks))
    while time.time() < stop_at and ticks:
        url, nieuw = random.choice(ticks), random.choice(STATUSSEN)
        started = time.time()
        status, _html, _ = request(
            opener,
            base + url,
            session,
            csrf_cookie,
            data={"status": nieuw},
            headers={"HX-Request": "true", "X-CSRFToken": csrf_token, "Referer": base + "/begeleiding/"},
        )
        with lock:
            ledger.append({"t": started, "voortgang": int(url.rstrip("/").rsplit("/", 1)[1]), "status": nieuw,
                           "http": status})  # fmt: skip
        time.sleep(0.05 if status == 200 else 0.25)


def run_and_record(threads: list[threading.Thread], entries: list, ledger_file: str) -> None:
    """Start every driver thread, wait for all of them, and write what they recorded."""
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with open(ledger_file, "w") as handle:
        json.dump(entries, handle)


def main() -> None:
    base, sessions_file, ledger_file, duration = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    with open(sessions_file) as handle:
        sessions = [line.split()[1] for line in handle if line.startswith("begeleider ")]
    stop_at = time.time() + duration
    threads = [threading.Thread(target=begeleider, args=(base, s, stop_at)) for s in sessions]
    run_and_record(threads, ledger, ledger_file)
    print(f"{len(ledger)} ticks sent by {len(threads)} begeleiders")


if __name__ == "__main__":
    main()
