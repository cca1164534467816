"""A choice of initiative works with any number of them: the person's own first, a search by name for the rest
(without JavaScript by posting the form, with htmx as one types), and the one visibility rule decides."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from tests.conftest import HX

MANY = 260


@pytest.fixture
def crowd(app, make_group, make_user):
    """260 public initiatives ("Groep 0001" ...), a members-only one the resident is no member of, and one far
    down the alphabet the resident is a member of."""
    from portal.initiatives.models import Initiative

    resident, insider = make_user(name="Rosa"), make_user(name="Ida")
    with app.app_context():
        db.session.add_all(Initiative(name=f"Groep {number:04d}", purpose="Samen") for number in range(1, MANY + 1))
        db.session.commit()
        ids = dict(db.session.execute(select(Initiative.name, Initiative.id)).all())
    secret = make_group("Groep Geheim", visibility="members", members=[insider])
    own = make_group("Zwembadclub Holendrecht", members=[resident])
    return {"resident": resident, "insider": insider, "secret": secret, "own": own, "ids": ids,
            "last": ids[f"Groep {MANY:04d}"]}


def options(html: str) -> list[str]:
    """Return the labels of the options of the initiative select on a page."""
    select_html = re.search(r'<select name="initiative".*?</select>', html, re.S)
    return re.findall(r"<option [^>]*>([^<]*)</option>", select_html.group(0)) if select_html else []


def ideas_count(app) -> int:
    from portal.ideas.models import Idea

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Idea))


def test_the_form_lists_own_first_then_a_part_and_offers_a_search(client, auth, crowd):
    """The resident's own initiative comes first, then the others A to Z up to a limit, with a search field;
    the members-only one they are no member of is not there."""
    auth.login(crowd["resident"])
    page = client.get("/ideeen/nieuw").get_data(as_text=True)
    labels = options(page)
    assert labels[1] == "Zwembadclub Holendrecht"  # after "no initiative", before Groep 0001
    assert "Groep 0001" in labels and f"Groep {MANY:04d}" not in labels and "Groep Geheim" not in labels
    assert len(labels) < 100
    assert 'name="initiative_q"' in page and "Jouw initiatieven" in page


def test_one_past_the_200th_is_found_and_chosen_without_javascript(app, client, auth, crowd):
    """Searching posts the form: it comes back with what was typed and the names found, nothing saved; then the
    initiative number 260 is chosen and the idea is saved with it."""
    from portal.ideas.models import Idea

    auth.login(crowd["resident"])
    searched = client.post("/ideeen/nieuw", data={"kind": "idea", "title": "Bankjes bij de vijver", "initiative": "0",
                                                  "initiative_q": f"{MANY:04d}", "initiative_applied": "",
                                                  "initiative_find": "1"})
    page = searched.get_data(as_text=True)
    assert searched.status_code == 200 and ideas_count(app) == 0
    assert 'value="Bankjes bij de vijver"' in page and "Gevonden" in page
    assert f"Groep {MANY:04d}" in options(page) and "Groep 0001" not in options(page)
    assert 'class="error"' not in page  # a search is no mistake
    saved = client.post("/ideeen/nieuw", data={"kind": "idea", "title": "Bankjes bij de vijver",
                                               "initiative": str(crowd["last"]), "initiative_q": f"{MANY:04d}",
                                               "initiative_applied": f"{MANY:04d}"})
    assert saved.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Idea.initiative_id)) == crowd["last"]


def test_enter_in_the_search_field_searches_and_a_plain_submit_saves(app, client, auth, crowd):
    """A search typed but not shown yet makes the post a search (Enter in that field); with no search, the chosen
    initiative beyond the list is still accepted, because the rule, not the list, decides."""
    auth.login(crowd["resident"])
    searched = client.post("/ideeen/nieuw", data={"kind": "idea", "title": "Buurtbbq", "initiative": "0",
                                                  "initiative_q": "0255"})
    assert searched.status_code == 200 and "Groep 0255" in options(searched.get_data(as_text=True))
    assert ideas_count(app) == 0
    saved = client.post("/ideeen/nieuw", data={"kind": "idea", "title": "Buurtbbq",
                                               "initiative": str(crowd["ids"]["Groep 0255"])})
    assert saved.status_code == 303 and ideas_count(app) == 1


def test_a_members_only_initiative_is_never_listed_found_or_accepted(app, client, auth, crowd):
    """Not in the list, not in a search (page or htmx), and a post with its id is refused at the field."""
    auth.login(crowd["resident"])
    searched = client.post("/ideeen/nieuw", data={"kind": "idea", "title": "x", "initiative": "0",
                                                  "initiative_q": "Geheim", "initiative_find": "1"})
    assert "Groep Geheim" not in searched.get_data(as_text=True)
    live = client.get("/netwerk/keuze", query_string={"field": "initiative", "initiative_q": "Geheim"}, headers=HX)
    assert "Geheim" not in live.get_data(as_text=True).replace('value="Geheim"', "")
    refused = client.post("/ideeen/nieuw", data={"kind": "idea", "title": "Stiekem",
                                                 "initiative": str(crowd["secret"].id)})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="initiative-error"' in page and "Groep Geheim" not in page
    assert 'value="Stiekem"' in page and ideas_count(app) == 0
    auth.logout()
    auth.login(crowd["insider"])
    live = client.get("/netwerk/keuze", query_string={"field": "initiative", "initiative_q": "Geheim"}, headers=HX)
    assert "Groep Geheim" not in live.get_data(as_text=True)  # own initiatives are in their own group already
    assert "Groep Geheim" in options(client.get("/ideeen/nieuw").get_data(as_text=True))


def test_htmx_narrows_the_list_as_one_types(client, auth, crowd):
    """The live search answers only options (and the search it shows), keeps the chosen one, leaves out own ones
    (listed above) and sends a request without htmx to the network page."""
    auth.login(crowd["resident"])
    chosen = crowd["ids"]["Groep 0003"]
    response = client.get("/netwerk/keuze", query_string={"field": "initiative", "initiative_q": "025",
                                                          "initiative": str(chosen)}, headers=HX)
    html = response.get_data(as_text=True)
    assert "<html" not in html and "HX-Request" in response.headers["Vary"]
    found = re.findall(r"<option [^>]*>([^<]*)</option>", html)
    assert found == ["Groep 0003", "Groep 0025", *(f"Groep {number:04d}" for number in range(250, 260))]
    assert f'selected value="{chosen}"' in html and 'id="initiative-applied"' in html and "hx-swap-oob" in html
    assert client.get("/netwerk/keuze?initiative_q=025").status_code == 303


@pytest.mark.parametrize("query", [
    {"initiative_q": "\x00"}, {"initiative_q": "a\r\nb"}, {"initiative_q": "%_\\"}, {"initiative_q": "x" * 5000},
    {"initiative": "99999999999999999999"}, {"exclude": "-1"}, {"field": "a\x00b"}, {"field": "x" * 500},
    {"members": "\r\n"}])
def test_hostile_searches_never_fail(client, auth, crowd, query):
    """NUL, CR/LF, LIKE wildcards, 5,000 characters and huge numbers answer a list, never a 500."""
    auth.login(crowd["resident"])
    assert client.get("/netwerk/keuze", query_string=query, headers=HX).status_code == 200
    data = {"kind": "idea", "title": "Iets", "initiative": "0", **query}
    assert client.post("/ideeen/nieuw", data=data).status_code in (200, 303, 422)


@pytest.mark.parametrize("value", ["99999999999999999999", "2147483648", "-5", "abc", "1\x00"])
def test_a_hostile_choice_is_refused_at_the_field(app, client, auth, crowd, value):
    """A chosen value that is no initiative is refused at the field with what was typed kept, never a 500."""
    auth.login(crowd["resident"])
    refused = client.post("/ideeen/nieuw", data={"kind": "idea", "title": "Lantaarn", "initiative": value})
    assert refused.status_code == 422 and 'value="Lantaarn"' in refused.get_data(as_text=True)
    assert ideas_count(app) == 0


def test_a_member_invites_an_initiative_past_the_200th(app, client, auth, crowd, make_task):
    """The invitation's list of partners works the same: number 260 can be invited, the own one is left out."""
    from portal.initiatives.models import Collaboration

    make_task(crowd["own"], title="Baantjes tellen")
    auth.login(crowd["resident"])
    page = client.get(f"/netwerk/samen/{crowd['own'].id}").get_data(as_text=True)
    assert "Zwembadclub Holendrecht" not in options(page.replace('name="partner"', 'name="initiative"'))
    response = client.post(f"/netwerk/samen/{crowd['own'].id}", data={
        "partner": str(crowd["last"]), "subject": f"board:{crowd['own'].id}"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Collaboration.partner_id)) == crowd["last"]
    refused = client.post(f"/netwerk/samen/{crowd['own'].id}", data={
        "partner": str(crowd["secret"].id), "subject": f"board:{crowd['own'].id}"})
    assert "Kies een initiatief uit de lijst" in refused.get_data(as_text=True)


def test_the_agenda_filter_searches_by_name(client, crowd):
    """The agenda's "organised by" lists a part A to Z and a search finds the rest; a visitor never sees the
    members-only one."""
    page = client.get("/agenda").get_data(as_text=True)
    assert 'name="initiative_q"' in page and f"Groep {MANY:04d}" not in page
    found = client.get("/agenda", query_string={"initiative_q": f"{MANY:04d}"}).get_data(as_text=True)
    assert f"Groep {MANY:04d}" in found and "Groep 0001" not in found
    assert "Groep Geheim" not in client.get("/agenda", query_string={"initiative_q": "Geheim"}).get_data(as_text=True)


def test_few_initiatives_need_no_search(client, auth, make_group, make_user):
    """With a short list the form shows no search field: nothing changes for a small neighbourhood."""
    make_group("Taalcafé")
    auth.login(make_user())
    page = client.get("/ideeen/nieuw").get_data(as_text=True)
    assert "Taalcafé" in options(page) and 'name="initiative_q"' not in page


def test_a_stopped_initiative_is_not_offered_for_something_new(app, client, auth, make_group, make_user):
    """The idea form leaves a stopped initiative out (also from one's own and from a search); a resting one stays.
    A thing made before it stopped keeps it as its choice (`kept` finds it); `chosen` alone (a hand-made post) does
    not."""
    from portal.initiatives import services
    from portal.initiatives.models import Initiative

    cook = make_user(name="Kees")
    stopped = make_group("Kookclub Gein", members=[cook])
    make_group("Keti Koti", members=[cook])
    make_group("Taalcafé")
    resting = make_group("Buurtkrant")
    with app.app_context():
        db.session.get(Initiative, stopped.id).status = "stopped"
        db.session.get(Initiative, resting.id).status = "resting"
        db.session.commit()
    auth.login(cook)
    labels = options(client.get("/ideeen/nieuw").get_data(as_text=True))
    assert "Kookclub Gein" not in labels and {"Keti Koti", "Taalcafé", "Buurtkrant"} <= set(labels)
    with app.test_request_context():
        user = db.session.merge(cook)
        own, others = services.choice_lists(user, search="Kookclub")
        assert own == [(db.session.scalar(select(Initiative.id).filter_by(name="Keti Koti")), "Keti Koti")]
        assert others == []
        own, others = services.choice_lists(user, chosen=stopped.id)
        assert (stopped.id, "Kookclub Gein") not in own + others
        own, others = services.choice_lists(user, chosen=stopped.id, kept=stopped.id)
        assert (stopped.id, "Kookclub Gein") in own + others
