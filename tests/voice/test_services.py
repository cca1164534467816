"""One voice rules: one response per person (a database rule, also under concurrency), walk-ins counted once,
closing, counts by aggregate, and what happens to a person's responses when their account goes."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.extensions import db
from portal.voice import services
from portal.voice.models import Response
from tests.applause.test_services import run_at_once


def rows(app, position_id: int) -> list[Response]:
    with app.app_context():
        found = list(db.session.scalars(select(Response).where(Response.position_id == position_id)
                                        .order_by(Response.id)))
        for row in found:
            db.session.expunge(row)
        return found


def counts(app, position_id: int) -> dict[str, int]:
    with app.app_context():
        return services.counts_for([position_id])[position_id]


def respond(app, position, user, stance="support", argument=""):
    with app.app_context():
        return services.respond(position.id, db.session.get(User, user.id), stance, argument)


def test_a_second_answer_changes_the_first_never_adds_a_row(app, make_position, make_user):
    """Responding again updates the one row: the stance and words change, the count stays one."""
    position, person = make_position(), make_user()
    assert respond(app, position, person, "support", "Meer bomen") == "new"
    assert respond(app, position, person, "oppose", "  Toch niet  ") == "changed"
    (row,) = rows(app, position.id)
    assert (row.stance, row.argument, row.kind) == ("oppose", "Toch niet", "account")
    assert counts(app, position.id) == {"support": 0, "oppose": 1, "neutral": 0}


def test_the_database_refuses_a_second_row_for_one_person(app, make_position, make_user, make_response):
    """The unique rule holds without the service: a direct second insert for the same person fails."""
    position, person = make_position(), make_user()
    make_response(position, user=person)
    with app.app_context(), pytest.raises(IntegrityError):
        db.session.execute(insert(Response).values(position_id=position.id, kind="account", user_id=person.id,
                                                   stance="oppose", argument=""))
        db.session.commit()


@pytest.mark.parametrize("values", [
    {"kind": "account", "user_id": None, "stance": "support"},
    {"kind": "walkin", "user_id": "someone", "stance": "support"},
    {"kind": "account", "user_id": "someone", "stance": "maybe"},
])
def test_the_database_refuses_impossible_rows(app, make_position, make_user, values):
    """An account response without its account, a walk-in with an account, or an unknown stance is refused."""
    position, person = make_position(), make_user()
    values = {**values, "user_id": person.id if values["user_id"] else None}
    with app.app_context(), pytest.raises(IntegrityError):
        db.session.execute(insert(Response).values(position_id=position.id, argument="", **values))
        db.session.commit()


def test_nobody_responds_after_the_closing_day(app, make_position, make_user):
    """After the closing moment the service refuses, and nothing is stored."""
    position = make_position(days=-1)
    with pytest.raises(services.Closed):
        respond(app, position, make_user())
    assert rows(app, position.id) == []


def test_the_closing_day_itself_is_still_open(app, make_position, make_user):
    """A position open until and including today takes answers until midnight, Amsterdam time."""
    position = make_position(days=0)
    assert respond(app, position, make_user()) == "new"


def test_many_people_at_once_are_each_counted_once(app, make_position, make_user):
    """Twenty residents answering at the same moment make twenty rows and the right counts."""
    position = make_position()
    people = [make_user() for _ in range(20)]
    stances = ["support", "oppose", "neutral", "support"]
    errors = run_at_once(app, lambda pair: services.respond(position.id, db.session.get(User, pair[1].id),
                                                            stances[pair[0] % 4]), list(enumerate(people)))
    assert errors == []
    assert len(rows(app, position.id)) == 20
    assert counts(app, position.id) == {"support": 10, "oppose": 5, "neutral": 5}


def test_one_person_in_many_tabs_at_once_is_one_row(app, make_position, make_user):
    """Eight answers from one person at the same moment leave exactly one row, with one of the stances."""
    position, person = make_position(), make_user()
    stances = ["support", "oppose"] * 4
    errors = run_at_once(app, lambda stance: services.respond(position.id, db.session.get(User, person.id), stance),
                         stances)
    assert errors == []
    (row,) = rows(app, position.id)
    assert sum(counts(app, position.id).values()) == 1 and row.stance in ("support", "oppose")


def test_the_same_walkin_recorded_twice_at_once_is_one_row(app, make_position, make_user):
    """Two librarians writing down the same walk-in at once (spelled a little differently) count one answer."""
    position = make_position()
    librarians = [make_user(role="librarian") for _ in range(6)]
    spellings = ["José de Vries", "jose  de vries", "JOSÉ DE VRIES", "José de Vries", "Jose de Vries.", "josé de vries"]

    def record(index):
        services.record_walkin(position.id, spellings[index], "12-H" if index % 2 else "12 h", "oppose", "",
                               False, db.session.get(User, librarians[index].id))

    assert run_at_once(app, record, list(range(6))) == []
    (row,) = rows(app, position.id)
    assert row.kind == "walkin" and row.walkin_key == "jose de vries|12h"


@pytest.mark.parametrize(("name", "detail", "key"), [
    ("Ayo Boateng", "06-12345678", "ayo boateng|0612345678"),
    ("ayo  boateng", "+31 6 1234 5678", "ayo boateng|0612345678"),
    ("Ayo Boateng", "0031612345678", "ayo boateng|0612345678"),
    ("Ayo Boateng", "27 b", "ayo boateng|27b"),
])
def test_walkin_key_reads_names_and_details_one_way(name, detail, key):
    """Case, accents, spaces and punctuation do not make another person; a phone is its digits."""
    assert services.walkin_key(name, detail) == key


def test_two_walkins_of_one_name_at_different_addresses_both_count(app, make_position, make_user):
    """Two people called Mohamed in different houses are two voices; the same name and house is one."""
    position, librarian = make_position(), make_user(role="librarian")
    with app.app_context():
        me = db.session.get(User, librarian.id)
        assert services.record_walkin(position.id, "Mohamed", "12", "support", "", False, me) == "new"
        assert services.record_walkin(position.id, "Mohamed", "40", "oppose", "", False, me) == "new"
        assert services.record_walkin(position.id, "mohamed", "12", "neutral", "", False, me) == "changed"
    assert counts(app, position.id) == {"support": 0, "oppose": 1, "neutral": 1}


def test_counts_are_one_aggregate_query(app, make_position, make_response, count_queries):
    """Counting several positions is one GROUP BY query, whatever the number of responses."""
    first, second = make_position(), make_position(title="Tweede vraag")
    for stance in ("support", "support", "oppose"):
        make_response(first, stance)
    make_response(second, "neutral")
    with count_queries() as statements, app.app_context():
        found = services.counts_for([first.id, second.id])
    assert len(statements) == 1 and "GROUP BY" in statements[0].upper()
    assert found == {first.id: {"support": 2, "oppose": 1, "neutral": 0},
                     second.id: {"support": 0, "oppose": 0, "neutral": 1}}


def test_a_deleted_account_leaves_open_questions_and_counts_anonymously_on_closed_ones(
        app, make_position, make_user, make_response):
    """Deleting an account removes its answers to open questions; on closed ones the stance counts, without words."""
    from portal.accounts.services import delete_account

    person = make_user()
    open_, closed = make_position(), make_position(days=-3, title="Oude vraag")
    make_response(open_, "support", "Ja!", user=person)
    make_response(closed, "oppose", "Nee, want mijn buurman Piet ...", user=person)
    with app.app_context():
        delete_account(db.session.get(User, person.id))
        db.session.commit()
    assert rows(app, open_.id) == []
    (kept,) = rows(app, closed.id)
    assert (kept.kind, kept.user_id, kept.argument, kept.stance) == ("former", None, "", "oppose")


def test_export_lists_a_persons_answers(app, make_position, make_user, make_response):
    """"Download my data" holds each answer with its position, stance and words."""
    from portal.accounts.services import export_user_data

    person = make_user()
    make_response(make_position(), "neutral", "Goed plan, maar ...", user=person)
    with app.app_context():
        data = export_user_data(db.session.get(User, person.id))["voice"]
    assert data[0]["stance"] == "neutral" and data[0]["argument"] == "Goed plan, maar ..."
    assert data[0]["position"].startswith("Wat vinden we")


def test_purge_deletes_walkin_details_once_closed(app, make_position, make_user):
    """After closing, the daily clean-up deletes house numbers and phones, and names not agreed to be shown."""
    librarian = make_user(role="librarian")
    position = make_position(days=0)
    with app.app_context():
        me = db.session.get(User, librarian.id)
        services.record_walkin(position.id, "Ramesh", "0612345678", "support", "Ja", True, me)
        services.record_walkin(position.id, "Anna", "3", "oppose", "", False, me)
        assert services.purge_walkin_details() == 0  # still open: the details keep people from counting twice
        from portal.voice.models import Position

        services.close_now(db.session.get(Position, position.id))
        db.session.commit()
        assert services.purge_walkin_details() == 2
        db.session.commit()
    named, unnamed = rows(app, position.id)
    assert (named.walkin_name, named.walkin_detail, named.walkin_key) == ("Ramesh", None, None)
    assert (unnamed.walkin_name, unnamed.walkin_detail) == (None, None)
    assert counts(app, position.id) == {"support": 1, "oppose": 1, "neutral": 0}


def test_hiding_words_keeps_the_answer_counted(app, make_position, make_response, make_user):
    """A hidden argument leaves the page for residents, but its stance still counts and reports are handled."""
    position = make_position()
    response = make_response(position, "oppose", "Iets kwetsends")
    reporter, coordinator = make_user(), make_user(role="coordinator")
    with app.app_context():
        row = db.session.get(Response, response.id)
        services.report(row, db.session.get(User, reporter.id))
        services.report(row, db.session.get(User, reporter.id))
        assert services.count_open_reports() == 1
        services.set_hidden(row, db.session.get(User, coordinator.id), True)
        db.session.commit()
        assert services.count_open_reports() == 0
        assert services.arguments_page(position.id, None)[0] == []
        assert services.counts_for([position.id])[position.id]["oppose"] == 1


@pytest.mark.parametrize(("counts", "shown"), [
    ({"support": 3, "oppose": 3, "neutral": 2}, {"support": 37, "oppose": 37, "neutral": 25}),
    ({"support": 1, "oppose": 1, "neutral": 1}, {"support": 33, "oppose": 33, "neutral": 33}),
    ({"support": 1, "oppose": 2, "neutral": 0}, {"support": 33, "oppose": 67, "neutral": 0}),
    ({"support": 5, "oppose": 2, "neutral": 2}, {"support": 56, "oppose": 22, "neutral": 22}),
    ({"support": 2, "oppose": 1, "neutral": 0}, {"support": 67, "oppose": 33, "neutral": 0}),
    ({"support": 1, "oppose": 0, "neutral": 6}, {"support": 14, "oppose": 0, "neutral": 86}),
    ({"support": 0, "oppose": 0, "neutral": 0}, {"support": 0, "oppose": 0, "neutral": 0}),
])
def test_percentages_add_up_to_100(counts, shown):
    """Whole percents per stance add up to 100 (largest remainder), never more; equal counts show equal percents
    (a tie never leans to the side named first), so then the parts may add up to 99; none without answers."""
    assert services.percentages(counts) == shown
    assert sum(shown.values()) in (0, 99, 100)


def test_percentages_add_up_for_every_small_count():
    """Any mix of up to 30 answers gives percents within one of the exact share that add up to 100 (99 only where
    equal counts must show equal percents), and equal counts always show equal percents."""
    for support in range(31):
        for oppose in range(31 - support):
            for neutral in range(31 - support - oppose):
                counts = {"support": support, "oppose": oppose, "neutral": neutral}
                total = support + oppose + neutral
                parts = services.percentages(counts)
                tied = len(set(counts.values())) < len(counts)
                assert sum(parts.values()) in ((99, 100) if tied else (100,)) if total else (0,), counts
                assert all(abs(parts[s] - (counts[s] * 100 / total if total else 0)) < 1 for s in counts), counts
                assert all(parts[a] == parts[b] for a in counts for b in counts if counts[a] == counts[b]), counts
