"""Locust users for the load benchmark (run by benchmarks/load/run.py, never by the test suite).

Each user signs in with a demo account (a real session), then mixes: the collaboration list,
a collaboration's detail, a session page (HTML) and the design PUT of a collaboration it
takes part in (with If-Match; a 412 after a concurrent write is the correct answer and is
counted apart, not as an error). ``THINK`` seconds between requests (0 = closed loop);
``ONLY=detail`` runs the detail alone (the throughput figure).
"""

from __future__ import annotations

import os
import random
import re

from locust import HttpUser, constant, task

ACCOUNTS = os.environ.get("ACCOUNTS", "sanne").split(",")
PASSWORD = os.environ.get("PASSWORD", "samen-werken-demo")
SESSION_UUID = os.environ.get("SESSION_UUID", "")
ONLY = os.environ.get("ONLY", "")
THINK = float(os.environ.get("THINK", "0"))
SESSIONS = [item for item in os.environ.get("SESSIONS", "").split(",") if item]


class Collaborator(HttpUser):
    wait_time = constant(THINK)

    def on_start(self) -> None:
        if SESSIONS:  # signed in beforehand by run.py: "sessionid:csrftoken,..." (Argon2 is slow on purpose)
            session, csrf = random.choice(SESSIONS).split(":")
            self.client.cookies.set("sessionid", session)
            self.client.cookies.set("csrftoken", csrf)
        else:
            page = self.client.get("/inloggen/", name="login page")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            assert token, "no login form"
            self.client.post(
                "/inloggen/",
                data={
                    "csrfmiddlewaretoken": token.group(1),
                    "login": random.choice(ACCOUNTS),
                    "password": PASSWORD,
                },
                name="login",
                allow_redirects=False,
            )
        self.csrf = self.client.cookies.get("csrftoken", "")
        listing = self.client.get("/api/v1/collaborations?limit=25", name="list (setup)").json()
        self.ids = [item["id"] for item in listing["items"]]
        mine = self.client.get("/api/v1/collaborations?mine=true&limit=25", name="list mine (setup)").json()
        self.mine = [item["id"] for item in mine["items"]]

    @task(4)
    def collaboration_list(self) -> None:
        if ONLY and ONLY != "list":
            return
        self.client.get("/api/v1/collaborations?limit=25", name="GET /collaborations")

    @task(4)
    def collaboration_detail(self) -> None:
        if ONLY and ONLY != "detail":
            return
        self.client.get(f"/api/v1/collaborations/{random.choice(self.ids)}", name="GET /collaborations/{id}")

    @task(2)
    def session_page(self) -> None:
        if ONLY or not SESSION_UUID:
            return
        self.client.get(f"/samenwerkingen/sessies/{SESSION_UUID}/", name="GET session page (HTML)")

    @task(1)
    def design_put(self) -> None:
        if ONLY or not self.mine:
            return
        target = random.choice(self.mine)
        design = f"/api/v1/collaborations/{target}/design"
        etag = self.client.get(design, name="GET /collaborations/{id}/design").headers.get("ETag", "")
        with self.client.put(
            f"{design}/steps/1",
            json={"opgave": f"Samen schulden voorkomen ({random.randint(1, 10**6)})", "bedoeling": "Rust"},
            headers={"If-Match": etag, "X-CSRFToken": self.csrf},
            name="PUT /collaborations/{id}/design/steps/1",
            catch_response=True,
        ) as response:
            if response.status_code == 412:
                response.success()  # a concurrent write won: the right answer
                self.environment.events.request.fire(
                    request_type="PUT", name="PUT design: 412 (conflict, correct)", response_time=0,
                    response_length=0, exception=None, context={},
                )  # fmt: skip
