"""The events I said "Ik kom" to, in "Mijn klussen, boekingen en activiteiten" on home and account."""

from portal.accounts.models import User
from portal.events import rsvp
from portal.extensions import db


def _rsvp(app, event, user, people=1) -> None:
    with app.app_context():
        rsvp.rsvp(event.id, db.session.get(User, user.id), people)


def test_my_events_show_soonest_first_with_i_am_not_coming(app, client, login_as, make_event, make_user):
    """Events I come to or wait for show by date on home and account; others' and cancelled ones stay out;
    "Ik kom niet meer" frees my place."""
    me = login_as()
    later = make_event(title="Keti Koti", days=9)
    soon = make_event(title="Taalcafé", days=2)
    full = make_event(title="Volle kookles", days=5, capacity=1)
    gone = make_event(title="Afgelast feest", days=3, status="cancelled")
    make_event(title="Niet mijn feest", days=1)
    _rsvp(app, full, make_user())
    for event in (later, soon, full):
        _rsvp(app, event, me)
    with app.app_context():
        from portal.events.models import Rsvp
        db.session.add(Rsvp(event_id=gone.id, user_id=me.id))
        db.session.commit()
    for path in ("/", "/account"):
        page = client.get(path).get_data(as_text=True)
        section = page[page.index("Mijn klussen, boekingen en activiteiten"):]
        section = section[:section.index("</section>")]
        assert section.index("Taalcafé") < section.index("Volle kookles") < section.index("Keti Koti")
        assert "Niet mijn feest" not in section and "Afgelast feest" not in section
        assert "Je staat op de wachtlijst" in section and "Ik kom niet meer" in section
    response = client.post(f"/agenda/{soon.id}/rsvp/cancel")
    assert response.status_code == 303
    assert "Taalcafé" not in client.get("/account").get_data(as_text=True).split("Mijn klussen")[1]
