"""Quality gates for every page: CSRF on every POST, page weight, queries that do not grow, translations."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import func, insert, select

from portal.accounts.models import User
from portal.accounts.services import hash_password
from portal.extensions import db
from tests.quality import FIRST_VISIT_BUDGET, HTML_BUDGET, assert_within_budget, page_weight, queries_per_page

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_PAGES = ["/", "/login", "/register", "/password/forgot", "/toegankelijkheid"]
ADMIN_PAGES = ["/account", "/account/password", "/account/delete", "/admin/users"]


def row_counts(app) -> dict:
    with app.app_context():
        return {table.name: db.session.scalar(select(func.count()).select_from(table))
                for table in db.metadata.sorted_tables}


def post_rules(app):
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            yield rule


def test_every_post_without_csrf_token_is_refused(app, client, login_as, make_user):
    """Every POST endpoint answers 400 without a valid CSRF token and changes nothing."""
    login_as("admin")
    make_user()
    before = row_counts(app)
    rules = list(post_rules(app))
    assert len(rules) >= 8
    for rule in rules:
        values = {arg: 1 if "int" in str(rule._converters[arg].__class__.__name__).lower() else "x"
                  for arg in rule.arguments}
        path = rule.build(values, append_unknown=False)[1]
        for token in (None, "forged-token"):
            data = {"csrf_token": token} if token else {}
            response = client.post(path, data=data, csrf=False)
            assert response.status_code == 400, (rule.rule, token, response.status_code)
    assert row_counts(app) == before


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_stay_within_weight(client, path):
    """Each public page is at most 15 KB gzipped, a first visit at most 50 KB gzipped."""
    html, total = page_weight(client, path)
    assert html <= HTML_BUDGET and total <= FIRST_VISIT_BUDGET, (path, html, total)


def test_logged_in_pages_stay_within_weight(client, login_as):
    """Pages for a logged-in admin stay within the same budgets."""
    login_as("admin")
    assert_within_budget(client, ADMIN_PAGES)


def add_people(app, number: int) -> None:
    with app.app_context():
        hashed = hash_password("not used here")
        start = db.session.scalar(select(func.count()).select_from(User))
        db.session.execute(insert(User), [
            {"email": f"bulk{start + i}@example.org", "name": f"Bulk {i}", "password_hash": hashed,
             "role": "resident", "language": "nl", "show_name_in_public": True}
            for i in range(number)])
        db.session.commit()


def test_queries_do_not_grow_with_people(app, client, login_as, count_queries):
    """The home and role pages run the same number of queries with 10 and with 1,000 people."""
    login_as("admin")
    add_people(app, 9)
    small = queries_per_page(client, count_queries, ("/", "/admin/users", "/account"))
    add_people(app, 990)
    large = queries_per_page(client, count_queries, ("/", "/admin/users", "/account"))
    assert small == large


def test_every_string_is_translated_to_dutch(tmp_path):
    """Every user-visible string in code and templates has a Dutch translation."""
    pot = tmp_path / "messages.pot"
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), "extract", "--ignore-dirs=.*", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as source:
        wanted = {message.id for message in read_po(source) if message.id}
    with (ROOT / "portal/translations/nl/LC_MESSAGES/messages.po").open("rb") as source:
        catalog = read_po(source)
    translated = {message.id for message in catalog if message.id and not message.fuzzy and (
        all(message.string) if isinstance(message.string, tuple) else message.string)}
    missing = sorted(str(message) for message in wanted - translated)
    assert not missing, f"not translated to Dutch (run `make extract-messages`): {missing}"


def test_no_inline_script_or_style_in_templates():
    """Templates have no inline script, style attributes, on* handlers or hx-on (the CSP forbids them)."""
    pattern = re.compile(r"<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=|hx-on")
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "templates").rglob("*.html")
                 if pattern.search(path.read_text())]
    assert offenders == []
