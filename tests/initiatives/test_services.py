"""Initiatives as their own feature: fields, roles, the contact person, pages of initiatives, and the facts other
features add through the registry."""

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.core import registry
from portal.core.registry import facts_about, initiative_sections
from portal.extensions import db
from portal.initiatives import services
from portal.initiatives.models import ROLES, Initiative, Membership
from tests.applause.test_services import run_at_once


def _make(app, creator, name="Buurtmoestuin", visibility="public", **fields):
    """Start an initiative through the service, as `creator`."""
    with app.app_context():
        initiative = services.create(name, "", visibility, db.session.get(User, creator.id), **fields)
        db.session.commit()
        return initiative.id


def _join(app, initiative_id, person):
    with app.app_context():
        services.join(initiative_id, db.session.get(User, person.id))


def test_the_creator_is_the_first_carrier_and_fields_are_kept(app, make_user):
    """Whoever starts an initiative carries it; purpose, theme, status and how to join are stored as given."""
    creator = make_user()
    initiative_id = _make(app, creator, purpose="Samen groente kweken.", theme="green", status="starting",
                          how_to_join="task", meets_when="Zaterdag 10:00", meets_where="Moestuin Gein")
    with app.app_context():
        initiative = db.session.get(Initiative, initiative_id)
        assert (initiative.purpose, initiative.theme, initiative.status, initiative.how_to_join) == (
            "Samen groente kweken.", "green", "starting", "task")
        assert services.role_of(initiative_id, db.session.get(User, creator.id)) == "carrier"


def test_new_initiatives_default_to_active_neighbourhood_and_drop_by(app, make_initiative):
    """Without choices an initiative is active, about living in the neighbourhood, and you join by dropping by."""
    initiative = make_initiative()
    assert (initiative.status, initiative.theme, initiative.how_to_join) == ("active", "living", "visit")


@pytest.mark.parametrize(("field", "value"), [("theme", "knitting"), ("status", "dead"), ("how_to_join", "call")])
def test_the_database_refuses_unknown_values(app, make_initiative, field, value):
    """A theme, status or way to join outside the Python tuples is refused by the database itself."""
    initiative = make_initiative()
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(Initiative.__table__.update().where(Initiative.id == initiative.id).values(
                **{field: value}))
            db.session.commit()
        db.session.rollback()


def test_the_database_refuses_an_unknown_role(app, make_initiative, make_user):
    """A membership role outside ROLES is refused by the database."""
    initiative, person = make_initiative(), make_user()
    with app.app_context():
        db.session.add(Membership(initiative_id=initiative.id, user_id=person.id, role="boss"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
    assert "boss" not in ROLES


def test_unknown_fields_are_refused_by_the_service(app, make_user):
    """create() and update_fields() accept only the initiative's own fields."""
    creator = make_user()
    with app.app_context(), pytest.raises(TypeError):
        services.create("X", "", "public", db.session.get(User, creator.id), visibility_hack="members")


def test_carriers_and_coordinators_may_edit_members_may_not(app, make_user):
    """can_edit: coordinators and carriers yes; an ordinary member and an outsider no."""
    creator, member, outsider, coordinator = make_user(), make_user(), make_user(), make_user(role="coordinator")
    initiative_id = _make(app, creator)
    _join(app, initiative_id, member)
    with app.test_request_context():
        initiative = db.session.get(Initiative, initiative_id)
        answers = [services.can_edit(initiative, db.session.get(User, person.id))
                   for person in (creator, member, outsider, coordinator)]
    assert answers == [True, False, False, True]


def test_a_carrier_can_be_made_and_unmade(app, make_user):
    """set_role makes a member a carrier and back; a non-member is not changed; "contact" cannot be handed out."""
    creator, member, outsider = make_user(), make_user(), make_user()
    initiative_id = _make(app, creator)
    _join(app, initiative_id, member)
    with app.app_context():
        assert services.set_role(initiative_id, member.id, "carrier")
        assert services.role_of(initiative_id, db.session.get(User, member.id)) == "carrier"
        assert services.set_role(initiative_id, member.id, "member")
        assert not services.set_role(initiative_id, outsider.id, "carrier")
        with pytest.raises(ValueError):
            services.set_role(initiative_id, member.id, "contact")


def test_only_a_carrier_becomes_the_contact_and_only_by_themselves(app, make_user):
    """A member cannot become contact; a carrier can; the next carrier who does takes over (one contact)."""
    creator, member, second = make_user(), make_user(), make_user()
    initiative_id = _make(app, creator)
    _join(app, initiative_id, member)
    _join(app, initiative_id, second)
    with app.app_context():
        assert not services.become_contact(initiative_id, db.session.get(User, member.id))
        assert services.become_contact(initiative_id, db.session.get(User, creator.id))
        assert services.contact_of(initiative_id).id == creator.id
        services.set_role(initiative_id, second.id, "carrier")
        assert services.become_contact(initiative_id, db.session.get(User, second.id))
        assert services.contact_of(initiative_id).id == second.id
        assert services.role_of(initiative_id, db.session.get(User, creator.id)) == "carrier"


def test_two_carriers_saying_me_at_once_leave_one_contact(app, make_user):
    """Ten carriers asking to be the contact at the same moment: one contact, no error (the database decides)."""
    creator = make_user()
    initiative_id = _make(app, creator)
    carriers = [make_user() for _ in range(10)]
    for person in carriers:
        _join(app, initiative_id, person)
        with app.app_context():
            services.set_role(initiative_id, person.id, "carrier")

    def me(person):
        services.become_contact(initiative_id, db.session.get(User, person.id))

    assert run_at_once(app, me, carriers) == []
    with app.app_context():
        contacts = db.session.scalars(select(Membership).where(Membership.initiative_id == initiative_id,
                                                               Membership.role == "contact")).all()
    assert len(contacts) == 1


def test_a_contact_who_leaves_is_nobodys_contact(app, make_user):
    """The contact person is a role on the membership, so leaving ends it."""
    creator = make_user()
    initiative_id = _make(app, creator)
    with app.app_context():
        me = db.session.get(User, creator.id)
        services.become_contact(initiative_id, me)
        services.leave(initiative_id, me)
        assert services.contact_of(initiative_id) is None


def test_members_are_listed_contact_first_then_carriers(app, make_user):
    """members(): the contact, the carriers, then the other members."""
    creator, member, carrier = make_user(name="Anna"), make_user(name="Bas"), make_user(name="Cor")
    initiative_id = _make(app, creator)
    for person in (member, carrier):
        _join(app, initiative_id, person)
    with app.app_context():
        services.set_role(initiative_id, carrier.id, "carrier")
        services.become_contact(initiative_id, db.session.get(User, carrier.id))
        listed = [(person.name, role) for person, role in services.members(initiative_id)]
    assert listed == [("Cor", "contact"), ("Anna", "carrier"), ("Bas", "member")]


def test_member_counts_in_one_query(app, make_user, count_queries):
    """member_counts answers for many initiatives in one query."""
    people = [make_user() for _ in range(3)]
    first, second = _make(app, people[0], "Een"), _make(app, people[0], "Twee")
    for person in people[1:]:
        _join(app, first, person)
    with app.app_context(), count_queries() as statements:
        counts = services.member_counts([first, second])
    assert counts == {first: 3, second: 1} and len(statements) == 1


def test_a_page_of_initiatives_hides_members_only_ones_from_outsiders(app, make_user):
    """visible_page: A to Z, by theme, keyset paged; outsiders never get members-only initiatives."""
    creator, outsider = make_user(), make_user()
    for name, theme, visibility in (("Appel", "green", "public"), ("Bloem", "green", "members"),
                                    ("Cacao", "food", "public"), ("Dahlia", "green", "public")):
        _make(app, creator, name, visibility, theme=theme)
    with app.app_context():
        viewer = db.session.get(User, outsider.id)
        page, cursor = services.visible_page(viewer, size=2)
        assert [i.name for i in page] == ["Appel", "Cacao"] and cursor == "Cacao"
        page, cursor = services.visible_page(viewer, after=cursor, size=2)
        assert [i.name for i in page] == ["Dahlia"] and cursor is None
        page, _cursor = services.visible_page(viewer, theme="green")
        assert [i.name for i in page] == ["Appel", "Dahlia"]
        page, _cursor = services.visible_page(db.session.get(User, creator.id), theme="green")
        assert [i.name for i in page] == ["Appel", "Bloem", "Dahlia"]


def test_switching_visibility_hides_an_existing_initiative(app, make_user):
    """set_visibility makes a public initiative members-only: outsiders no longer get it."""
    creator, outsider = make_user(), make_user()
    initiative_id = _make(app, creator)
    with app.app_context():
        services.set_visibility(db.session.get(Initiative, initiative_id), "members")
        db.session.commit()
        assert services.get_visible(initiative_id, db.session.get(User, outsider.id)) is None
        with pytest.raises(ValueError):
            services.set_visibility(db.session.get(Initiative, initiative_id), "secret")


def test_facts_come_from_boards_and_applause_in_a_fixed_number_of_queries(app, make_user, make_task, make_shout,
                                                                          count_queries):
    """facts_about: open tasks and the last shout-out per initiative; as many queries for 1 as for 6, at most one
    per provider (boards, applause, events, budget)."""
    creator = make_user()
    ids = [_make(app, creator, f"Initiatief {n}") for n in range(6)]
    with app.app_context():
        initiatives = [db.session.get(Initiative, initiative_id) for initiative_id in ids]
        for initiative in initiatives:
            db.session.expunge(initiative)
    for initiative in initiatives:
        make_task(initiative=initiative)
        make_shout(initiative=initiative, text=f"Dank aan {initiative.name}")
    with app.test_request_context(), count_queries() as one:
        single = facts_about(ids[:1], None)
    with app.test_request_context(), count_queries() as many:
        facts = facts_about(ids, None)
    assert len(one) == len(many) <= len(registry._FACTS)
    assert single[ids[0]]["board"].count == 1 and single[ids[0]]["board"].url == f"/boards/{ids[0]}"
    assert set(facts) == set(ids) and all(set(found) == {"board", "applause"} for found in facts.values())
    assert "Initiatief 5" in facts[ids[5]]["applause"].text


def test_facts_about_members_only_initiatives_stay_with_their_members(app, make_user, make_task, make_shout):
    """An outsider asking about a members-only initiative gets no count and no shout-out; a member does."""
    creator, outsider = make_user(), make_user()
    hidden = _make(app, creator, "Geheim", "members")
    with app.app_context():
        initiative = db.session.get(Initiative, hidden)
        db.session.expunge(initiative)
    make_task(initiative=initiative)
    make_shout(initiative=initiative, text="Dank, geheime club")
    with app.test_request_context():
        assert facts_about([hidden], db.session.get(User, outsider.id)) == {hidden: {}}
        assert set(facts_about([hidden], db.session.get(User, creator.id))[hidden]) == {"board", "applause"}


def test_sections_of_an_initiative_page_come_from_boards_and_applause(app, make_user, make_task):
    """initiative_sections: the board's tasks that need people, then its applause, then its ideas."""
    creator = make_user()
    initiative_id = _make(app, creator)
    with app.app_context():
        initiative = db.session.get(Initiative, initiative_id)
        db.session.expunge(initiative)
    make_task(initiative=initiative, title="Schoffelen")
    with app.test_request_context():
        sections = initiative_sections(db.session.merge(initiative), None)
    assert [template for template, _context in sections] == ["boards/_initiative.html", "applause/_initiative.html",
                                                             "ideas/_initiative.html"]
    assert [task.title for task in sections[0][1]["tasks"]] == ["Schoffelen"]
