"""Load scenario for PraktijkWijs (run it through loadtest/run.sh, which seeds the data and
starts gunicorn against PostgreSQL).

Three kinds of visitors, weighted as a working day looks:
- praktijkbegeleiders on a phone: their home, a checklist, ticking werkopdrachten (htmx);
- coördinatoren browsing aanvragen: the overview, a status tab, a name search, trajecten;
- the public verifying a verklaring by its code. The verification page allows 30 requests per
  minute per IP address and every simulated visitor comes from 127.0.0.1, so the public share
  stays under that limit (in real life each employer has an address of their own).

Visitors arrive logged in: run.sh creates a session per simulated user beforehand
(LOAD_SESSIONS: lines "role session_key"), because a real login costs ~0.4 s of CPU for the
password hash by design and would otherwise dominate a one-minute run. LOAD_CODES: a file with
verification codes, one a line.
"""

import os
import random
import re

from locust import FastHttpUser, between, constant_throughput, task
from requests.cookies import create_cookie

SESSIONS_FILE = os.environ.get("LOAD_SESSIONS", "")
CODES_FILE = os.environ.get("LOAD_CODES", "")
ZOEKNAMEN = ["Jansen", "de Vries", "Bakker", "Yılmaz", "Nguyen", "Wissink", "Sanne", "Ahmed"]
STATUSSEN = ["ingediend", "intake_gepland", "intake_gehouden", "goedgekeurd", "afgewezen"]

CSRF_IN_HEADERS = re.compile(r"X-CSRFToken&quot;: &quot;([^&]+)&quot;|\"X-CSRFToken\": \"([^\"]+)\"")
TRAJECT_LINK = re.compile(r'href="/trajecten/(\d+)/"')
TICK_URL = re.compile(r"/trajecten/(\d+)/voortgang/(\d+)/")


def _codes() -> list[str]:
    if CODES_FILE and os.path.exists(CODES_FILE):
        with open(CODES_FILE) as handle:
            return [line.strip() for line in handle if line.strip()]
    return []


def _sessions() -> dict[str, list[str]]:
    per_role: dict[str, list[str]] = {}
    if SESSIONS_FILE and os.path.exists(SESSIONS_FILE):
        with open(SESSIONS_FILE) as handle:
            for line in handle:
                parts = line.split()
                if len(parts) == 2 and parts[0] in ("begeleider", "coordinator"):
                    per_role.setdefault(parts[0], []).append(parts[1])
    return per_role


SESSIONS = _sessions()


class LoggedIn(FastHttpUser):
    abstract = True
    role = ""
    csrf = ""

    def on_start(self) -> None:
        host = self.host.split("//", 1)[1].split(":")[0]
        key = SESSIONS[self.role].pop()  # one session per simulated user
        self.client.cookiejar.set_cookie(create_cookie("sessionid", key, domain=host, path="/"))

    def remember_csrf(self, html: str) -> None:
        match = CSRF_IN_HEADERS.search(html or "")
        if match:
            self.csrf = match.group(1) or match.group(2)


class Begeleider(LoggedIn):
    """Reads a checklist and ticks werkopdrachten, like a praktijkbegeleider on the shop floor."""

    weight = 6
    wait_time = between(0.2, 1)

    role = "begeleider"

    def on_start(self) -> None:
        super().on_start()
        home = self.client.get("/begeleiding/", name="/begeleiding/")
        self.trajecten = sorted(set(TRAJECT_LINK.findall(home.text or "")))
        self.ticks: list[str] = []

    @task(3)
    def home(self) -> None:
        self.client.get("/begeleiding/", name="/begeleiding/")

    @task(4)
    def checklist(self) -> None:
        if not self.trajecten:
            return
        pk = random.choice(self.trajecten)
        page = self.client.get(f"/trajecten/{pk}/", name="/trajecten/[id]/")
        self.remember_csrf(page.text)
        self.ticks = [f"/trajecten/{t}/voortgang/{v}/" for t, v in TICK_URL.findall(page.text or "")]

    @task(3)
    def tick(self) -> None:
        if not self.ticks or not self.csrf:
            return
        self.client.post(
            random.choice(self.ticks),
            data={"status": random.choice(["beheerst", "bezig", "nog_niet"])},
            headers={"HX-Request": "true", "X-CSRFToken": self.csrf, "Referer": f"{self.host}/begeleiding/"},
            name="/trajecten/[id]/voortgang/[id]/ (htmx)",
        )


class Coordinator(LoggedIn):
    """Browses aanvragen and trajecten."""

    weight = 3
    wait_time = between(0.5, 2)

    role = "coordinator"

    @task(4)
    def aanvragen(self) -> None:
        self.client.get("/aanvragen/", name="/aanvragen/")

    @task(2)
    def aanvragen_status(self) -> None:
        self.client.get(f"/aanvragen/?status={random.choice(STATUSSEN)}", name="/aanvragen/?status=")

    @task(2)
    def aanvragen_zoek(self) -> None:
        self.client.get(f"/aanvragen/?zoek={random.choice(ZOEKNAMEN)}", name="/aanvragen/?zoek=")

    @task(2)
    def trajecten(self) -> None:
        self.client.get("/trajecten/", name="/trajecten/")


class Publiek(FastHttpUser):
    """An employer checking a verklaring; kept under the per-IP limit of the verification page."""

    weight = 1
    fixed_count = 1
    wait_time = constant_throughput(0.4)

    def on_start(self) -> None:
        self.codes = _codes()

    @task
    def verificatie(self) -> None:
        if self.codes:
            self.client.get(f"/verificatie/{random.choice(self.codes)}/", name="/verificatie/[code]/")
