"""Claps stay correct when many people clap at the same moment."""

import threading

from sqlalchemy import func, select

from portal.applause.models import Clap, Shout
from portal.applause.services import toggle_clap
from portal.extensions import db


def run_at_once(app, work, arguments):
    """Run `work(arg)` for every argument in its own thread, all released at the same moment."""
    barrier = threading.Barrier(len(arguments))
    errors = []

    def runner(argument):
        with app.app_context():
            barrier.wait()
            try:
                work(argument)
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=runner, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_many_people_clapping_at_once_are_all_counted(app, make_user, make_shout):
    """Twenty people clapping at the same moment make a count of exactly twenty."""
    shout = make_shout()
    people = [make_user() for _ in range(20)]
    errors = run_at_once(app, lambda user: toggle_clap(shout.id, user.id), people)
    assert errors == []
    with app.app_context():
        assert db.session.get(Shout, shout.id).clap_count == 20
        assert db.session.scalar(select(func.count()).select_from(Clap)) == 20


def test_one_person_double_tapping_claps_at_most_once(app, make_user, make_shout):
    """The same person's requests at once never count twice; the counter matches the claps."""
    shout = make_shout()
    person = make_user()
    errors = run_at_once(app, lambda _: toggle_clap(shout.id, person.id), range(6))
    assert errors == []
    with app.app_context():
        claps = db.session.scalar(select(func.count()).select_from(Clap))
        assert claps in (0, 1) and db.session.get(Shout, shout.id).clap_count == claps
