"""The conditions as data: each rule kind checks what it says, and amounts are read as people type them."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from portal.budget import rules
from portal.budget.models import KINDS


@pytest.fixture(autouse=True)
def _request(app):
    """Run inside a request, so messages are translated (Dutch, the default)."""
    with app.test_request_context("/"):
        yield


def rule(kind, **values):
    """Return a condition row's stand-in with its parameters."""
    return SimpleNamespace(kind=kind, text="", cents=values.get("cents"), percent=values.get("percent"),
                           number=values.get("number"), categories=values.get("categories", ""),
                           day=values.get("day"))


def facts(*lines, **values):
    return rules.Facts(lines=list(lines), **values)


@pytest.mark.parametrize(("typed", "cents"), [
    ("€ 1.000,50", 100050), ("1000,50", 100050), ("1000.50", 100050), ("1.000", 100000), ("12,5", 1250),
    ("EUR 25.000", 2500000), ("250", 25000), ("1 000,50", 100050), ("1,000.50", 100050), ("12,-", 1200),
    ("€\u00a0999,99", 99999), ("0,01", 1), ("10.000.000", 1_000_000_000),
])
def test_amounts_are_read_as_typed(typed, cents):
    """Dutch and plain notations are read right, to the cent."""
    assert rules.parse_amount(typed) == cents


@pytest.mark.parametrize("typed", ["1e9", "-5", "−5", "1,505", "1.5055", "abc", "", "0", "0,00", "10.000.001",
                                   "99999999999", "1..0", "1.00.0", "12,3,4", "\x00", "5 euro extra", "1.0000"])
def test_bad_amounts_are_refused(typed):
    """Exponents, negatives, more than two decimals, zero, absurd sums and text are refused with a message."""
    with pytest.raises(rules.AmountError) as error:
        rules.parse_amount(typed)
    assert str(error.value)


def test_euros_shows_cents_the_dutch_way():
    """Amounts show with a euro sign, dots for thousands and a decimal comma; the CSV form is plain."""
    assert rules.euros(100050).replace("\u00a0", " ") == "€ 1.000,50"
    assert rules.euros(100050, plain=True) == "1000,50"
    assert rules.euros(-5, plain=True) == "-0,05"


def test_templates_write_amounts_in_the_language_of_each_render(app, monkeypatch):
    """The template global writes amounts as euros does, asking the language once a render: a text written in
    English during a Dutch page has English amounts, and the page after it Dutch ones again."""
    from portal.i18n import in_language

    asked = []
    english = rules._english
    monkeypatch.setattr(rules, "_english", lambda: asked.append(1) or english())
    template = app.jinja_env.from_string("{{ euros(123456) }}|{{ euros(-5) }}|{{ euros(7, plain=true) }}")
    dutch = template.render()
    with in_language("en"):
        in_english = template.render()
    assert (dutch, in_english, template.render()) == (
        "€\u00a01.234,56|-€\u00a00,05|0,07", "€1,234.56|-€0.05|0,07", dutch)
    assert len(asked) == 3
    assert dutch == "|".join([rules.euros(123456), rules.euros(-5), rules.euros(7, plain=True)])


def test_every_kind_has_a_check_and_a_description():
    """Each rule kind of the database has a check and a text for people."""
    assert set(rules.CHECKS) == set(KINDS)
    for kind in KINDS:
        condition = rule(kind, cents=100, percent=8, number=3, categories="alcohol", day=date(2026, 12, 31))
        assert rules.describe(condition)


def test_max_per_application():
    """An application may ask at most the amount, not a cent more."""
    condition = rule("max_per_application", cents=500_000)
    assert rules.check(condition, facts(("food", 500_000))).met is True
    verdict = rules.check(condition, facts(("food", 400_000), ("rent", 100_001)))
    assert verdict.met is False and "5.000" in verdict.reason


def test_max_overhead_share_is_eight_percent_exactly():
    """8% overhead passes, a cent more fails, and the reason says the amount to lower it to."""
    condition = rule("max_overhead_share", percent=8)
    assert rules.check(condition, facts(("materials", 92_000), ("overhead", 8_000))).met is True
    verdict = rules.check(condition, facts(("materials", 92_000), ("overhead", 8_001)))
    assert verdict.met is False and "8" in verdict.reason
    assert rules.check(condition, facts(("materials", 10_000))).met is True


def test_min_residents_counts_members_and_supporters():
    """Members plus supporters count towards the residents involved."""
    condition = rule("min_residents", number=5)
    assert rules.check(condition, facts(("food", 1), members=3, supporters=2)).met is True
    assert rules.check(condition, facts(("food", 1), members=3, supporters=1)).met is False


def test_categories_allowed_and_excluded():
    """Only the allowed categories pass; an excluded one fails and is named."""
    allowed = rule("categories_allowed", categories="food,rent")
    assert rules.check(allowed, facts(("food", 1), ("rent", 1))).met is True
    assert rules.check(allowed, facts(("food", 1), ("alcohol", 1))).met is False
    excluded = rule("categories_excluded", categories="alcohol,commercial")
    assert rules.check(excluded, facts(("food", 1))).met is True
    verdict = rules.check(excluded, facts(("alcohol", 1)))
    assert verdict.met is False and "Alcohol" in verdict.reason


def test_spend_before_a_date():
    """The money can be asked for until the day, not after."""
    condition = rule("spend_before", day=date(2026, 12, 31))
    assert rules.check(condition, facts(("food", 1), today=date(2026, 12, 31))).met is True
    assert rules.check(condition, facts(("food", 1), today=date(2027, 1, 1))).met is False


def test_plan_needs_tasks_or_an_event():
    """A plan with enough tasks passes, and so does one with an event; fewer tasks and no event fails."""
    condition = rule("plan_needed", number=3)
    assert rules.check(condition, facts(("food", 1), tasks=3)).met is True
    assert rules.check(condition, facts(("food", 1), tasks=0, events=1)).met is True
    assert rules.check(condition, facts(("food", 1), tasks=2)).met is False


def test_max_share_per_initiative_counts_earlier_grants():
    """One initiative gets at most its share of the budget, earlier grants included."""
    condition = rule("max_share_per_initiative", percent=30)
    assert rules.check(condition, facts(("food", 300_000), budget_cents=1_000_000)).met is True
    assert rules.check(condition, facts(("food", 100_000), other_grants=250_000, budget_cents=1_000_000)).met is False


def test_people_judge_the_rest():
    """A condition for people is neither met nor not met: it is for people to judge."""
    assert rules.check(rule("people"), facts(("food", 1))).met is None


def test_spending_problems_name_every_broken_condition():
    """Over the grant, overhead above its share, after the end date and an excluded category are each named."""
    conditions = [rule("max_overhead_share", percent=8), rule("spend_before", day=date(2026, 12, 31)),
                  rule("categories_excluded", categories="alcohol")]
    assert rules.spending_problems(conditions, 100_000, 0, 0, 50_000, "materials", date(2026, 6, 1)) == []
    assert len(rules.spending_problems(conditions, 100_000, 90_000, 0, 20_000, "materials", date(2026, 6, 1))) == 1
    assert len(rules.spending_problems(conditions, 100_000, 0, 0, 9_000, "overhead", date(2026, 6, 1))) == 1
    assert len(rules.spending_problems(conditions, 100_000, 0, 0, 1_000, "alcohol", date(2027, 1, 2))) == 2
