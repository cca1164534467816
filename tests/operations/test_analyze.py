"""`flask --app portal analyze`: the planner's statistics, refreshed nightly and after each migration."""

from sqlalchemy import text

from portal.extensions import db


def test_analyze_gives_the_planner_statistics_of_the_tables(app, make_task):
    make_task(title="Stoelen klaarzetten")
    result = app.test_cli_runner().invoke(args=["analyze"])
    assert result.exit_code == 0 and "planner statistics refreshed" in result.output
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            found = db.session.scalar(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'tasks'"))
        else:
            found = db.session.scalar(text("SELECT count(*) FROM pg_stat_user_tables "
                                           "WHERE relname = 'tasks' AND last_analyze IS NOT NULL"))
    assert found >= 1
