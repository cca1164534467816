"""One parseable line per request, no secrets in it, and a request id a resident can quote."""

from __future__ import annotations

import logging
import re

from config import TestConfig
from portal import create_app

LINE = re.compile(r"rid=(?P<rid>[0-9a-f]{16}) method=(?P<method>\S+) path=(?P<path>\S+) status=(?P<status>\d+) "
                  r"ms=(?P<ms>[\d.]+) user=(?P<user>\S+)")


def _lines(caplog) -> list[re.Match]:
    return [match for record in caplog.records if record.name == "buurtbouw.requests"
            if (match := LINE.fullmatch(record.getMessage()))]


def test_each_request_writes_one_line_without_query_or_token(client, caplog):
    caplog.set_level(logging.INFO, logger="buurtbouw.requests")
    response = client.get("/password/reset/secret-reset-token-123?next=/private&email=a@b.nl")
    lines = _lines(caplog)
    assert len(lines) == 1
    line = lines[0]
    assert line["method"] == "GET" and line["user"] == "-"
    assert line["status"] == str(response.status_code)
    assert line["rid"] == response.headers["X-Request-ID"]
    text = caplog.text
    assert "secret-reset-token-123" not in text and "a@b.nl" not in text and "next=" not in text
    assert line["path"] == "/password/reset/[hidden]"


def test_logged_in_lines_carry_the_user_id(client, login_as, caplog):
    user = login_as("resident")
    caplog.set_level(logging.INFO, logger="buurtbouw.requests")
    client.get("/account")
    assert _lines(caplog)[-1]["user"] == str(user.id)


def test_an_error_page_shows_the_request_id_that_the_log_has(database_url, caplog):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("something broke")

    caplog.set_level(logging.INFO)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    rid = response.headers["X-Request-ID"]
    assert rid in response.get_data(as_text=True)
    assert any(rid in record.getMessage() and record.exc_info for record in caplog.records)
    assert "something broke" not in response.get_data(as_text=True)


def test_a_request_id_from_outside_is_not_trusted_without_a_proxy(client):
    response = client.get("/ping", headers={"X-Request-ID": "chosen-by-an-attacker"})
    assert response.headers["X-Request-ID"] != "chosen-by-an-attacker"


def test_deep_health_is_for_admins_only(client, login_as):
    assert client.get("/healthz?deep=1").get_json() == {"status": "ok"}
    login_as("admin")
    deep = client.get("/healthz?deep=1").get_json()
    assert deep["status"] == "ok"
    assert deep["migrations_pending"] == []
    assert "backup_age_hours" in deep
