"""``FLOOR=1 loadtest/run.sh``: logged-in begeleiders asking for the floor page only, at the
same pace as in loadtest/locustfile.py. It shows this machine's ceiling: the load any page of the
app could carry at best, with the same sessions, middleware, base layout and database."""

from locust import between, task
from locustfile import LoggedIn


class Vloer(LoggedIn):
    role = "begeleider"
    wait_time = between(0.2, 1)

    @task
    def floor(self) -> None:
        self.client.get("/__floor__/", name="/__floor__/")
