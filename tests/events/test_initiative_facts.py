"""Events tell initiatives' cards and pages about themselves through the registry: the next event per initiative
(one query for many), and the coming events on the initiative's page; members-only events stay with members."""

from portal.core.registry import facts_about
from portal.extensions import db
from portal.initiatives.models import Initiative


def test_the_next_event_of_each_initiative_in_one_query(app, make_initiative, make_event, count_queries):
    """Each initiative's soonest coming event is its fact, with a link; one query however many initiatives."""
    first, second, quiet = make_initiative("Eerste"), make_initiative("Tweede"), make_initiative("Stil")
    make_event(first, title="Later feest", days=9)
    soon = make_event(first, title="Vroeg feest", days=3)
    make_event(second, title="Taalcafé", days=5)
    from portal.events import services

    with app.test_request_context(), count_queries() as statements:
        found = services.next_events([first.id, second.id, quiet.id], None)
    assert len(statements) == 1
    assert {key: event.title for key, event in found.items()} == {first.id: "Vroeg feest", second.id: "Taalcafé"}
    with app.test_request_context():
        facts = facts_about([first.id], None)
    assert facts[first.id]["event"].url == f"/agenda/{soon.id}" and "Vroeg feest" in facts[first.id]["event"].text


def test_members_only_events_are_no_fact_for_outsiders(app, make_initiative, make_event):
    """A members-only event is nobody's "next event" outside the initiative."""
    initiative = make_initiative()
    make_event(initiative, title="Besloten overleg", public=False)
    with app.test_request_context():
        assert "event" not in facts_about([initiative.id], None)[initiative.id]


def test_the_initiative_page_shows_its_coming_events(app, client, make_initiative, make_event):
    """The initiative's page lists its coming events with a link to them all; none planned, no section."""
    initiative, quiet = make_initiative("Groen"), make_initiative("Stil")
    with app.app_context():
        for found in (initiative, quiet):
            db.session.get(Initiative, found.id).purpose = "Samen."
        db.session.commit()
    make_event(initiative, title="Plantjesmarkt")
    page = client.get(f"/initiatieven/{initiative.id}").get_data(as_text=True)
    assert "Plantjesmarkt" in page and f"/agenda?initiative={initiative.id}" in page
    assert 'id="initiative-events"' not in client.get(f"/initiatieven/{quiet.id}").get_data(as_text=True)
