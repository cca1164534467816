"""Demo budgets: the Buurtbudget Bijlmer-Centrum with its 8% overhead rule, two granted applications with spendings
and one refused, and a fund for celebrations. Their dates follow today: the Buurtbudget's "Ideeën indienen" ended
weeks ago (applying is closed; the money is being spent), the fund's runs for six more weeks (applying is open)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from babel.dates import format_date

from portal.budget import services
from portal.budget.models import Application, Condition, Entry, Example, Line, Phase
from portal.core.time import today
from portal.db import utcnow
from portal.extensions import db

GOAL_NL = ("Dit geld is voor bewoners die samen iets doen voor de buurt. Het doel is niet het geld zelf. Het doel "
           "is dat buren elkaar kennen, het werk samen doen en met één stem spreken. Heb je een plan met andere "
           "bewoners? Vraag dan geld aan.")
GOAL_EN = ("This money is for residents who do something together for the neighbourhood. The goal is not the money "
           "itself: it is neighbours who know each other, share the work and speak with one voice. Do you have a "
           "plan with other residents? Then apply.")
POSSIBLE = ("Een buurtfeest, een moestuin, een taalcafé, een krant, een schoonmaakactie, spelletjes voor kinderen. "
            "Huur van een zaal, materiaal, eten en drinken, drukwerk.")
DECIDES = ("Een commissie van vijf bewoners beslist, samen met de coördinator van het buurthuis. Zij kijken eerst of "
           "de voorwaarden kloppen, dan of het plan de buurt sterker maakt. Je hoort het binnen vier weken.")


def seed_budget(people: dict, initiatives: dict) -> None:
    """Add the demo budgets, applications and ledger."""
    fatima = people["fatima@demo.buurtbouw.nl"]
    day = today()
    starts, ends = day - timedelta(days=200), day + timedelta(days=164)  # a year, in its eighth month
    ideas_end = day - timedelta(days=75)  # applying closed; the grants came 60 days ago
    name = f"{starts.year}" if starts.year == ends.year else f"{starts.year}-{ends.year}"
    budget = services.create_budget(fatima, name=f"Buurtbudget Bijlmer-Centrum {name}", goal_nl=GOAL_NL,
                                    goal_en=GOAL_EN, possible=POSSIBLE, decides=DECIDES, amount_cents=2_500_000,
                                    starts_on=starts, ends_on=ends, position=1)
    doing_end = ends - timedelta(days=30)
    for kind, text, values in [
        # Words that stay true after the day (the portal says "kan" or "kon" beside them, by today's date)
        ("apply_before", f"Laatste dag om aan te vragen: {_dutch(ideas_end)}, de laatste dag van de fase "
                         "Ideeën indienen.", {"day": ideas_end}),
        ("max_per_application", "Je vraagt per aanvraag niet meer dan € 5.000.", {"cents": 500_000}),
        ("max_overhead_share", "Maximaal 8% van je begroting gaat naar organisatiekosten.", {"percent": 8}),
        ("min_residents", "Minstens vijf bewoners doen mee (leden of steunbetuigingen).", {"number": 5}),
        ("categories_excluded", "Geen alcohol en geen commerciële activiteiten.",
         {"categories": "alcohol,commercial"}),
        ("spend_before", "Het geld is uitgegeven voor het einde van de fase Uitvoeren.", {"day": doing_end}),
        ("plan_needed", "Je plan staat op je takenbord (minstens drie taken), of je organiseert een activiteit.",
         {"number": 3}),
        ("max_share_per_initiative", "Eén initiatief krijgt niet meer dan 30% van het buurtbudget.", {"percent": 30}),
        ("people", "Het plan is open voor iedereen in de buurt.", {}),
    ]:
        db.session.add(Condition(budget_id=budget.id, kind=kind, text=text, **values))
    for phase, start, end in [("Ideeën indienen", starts + timedelta(days=14), ideas_end),
                              ("Beoordelen", ideas_end + timedelta(days=1), day - timedelta(days=61)),
                              ("Uitvoeren", day - timedelta(days=60), doing_end),
                              ("Verantwoorden", doing_end + timedelta(days=1), ends)]:
        db.session.add(Phase(budget_id=budget.id, name=phase, starts_on=start, ends_on=end))
    db.session.add(Example(budget_id=budget.id, text="Een compostbak en zaden voor de buurtmoestuin",
                           initiative_id=initiatives["Groen in de buurt"].id))
    db.session.add(Example(budget_id=budget.id, text="Drukwerk voor een krant die iedereen in de bus krijgt",
                           initiative_id=initiatives["Buurtkrant"].id))
    fund_ideas_end = day + timedelta(days=42)  # applying is open
    fund = services.create_budget(fatima, name="Feestenfonds Zuidoost", goal_nl=(
        "Samen vieren maakt de buurt sterker. Dit fonds betaalt mee aan feesten die iedereen in de buurt welkom "
        "heten: Keti Koti, Koningsdag, het Suikerfeest, Diwali, Kerst."), goal_en=(
        "Celebrating together makes the neighbourhood stronger. This fund helps pay for celebrations that welcome "
        "everyone in the neighbourhood."), possible="Muziek, versiering, eten, huur van een tent.",
        decides="Twee coördinatoren beslissen binnen twee weken.", amount_cents=600_000,
        starts_on=day - timedelta(days=30), ends_on=day + timedelta(days=334), position=2)
    db.session.add(Condition(budget_id=fund.id, kind="apply_before", day=fund_ideas_end,
                             text=f"Aanvragen kan tot en met {_dutch(fund_ideas_end)}."))
    db.session.add(Condition(budget_id=fund.id, kind="max_per_application", text="Maximaal € 1.500 per feest.",
                             cents=150_000))
    db.session.add(Condition(budget_id=fund.id, kind="categories_excluded", text="Geen alcohol.",
                             categories="alcohol"))
    for phase, start, end in [("Ideeën indienen", day - timedelta(days=30), fund_ideas_end),
                              ("Beoordelen", fund_ideas_end + timedelta(days=1), fund_ideas_end + timedelta(days=14)),
                              ("Feesten vieren", fund_ideas_end + timedelta(days=15), fund.ends_on)]:
        db.session.add(Phase(budget_id=fund.id, name=phase, starts_on=start, ends_on=end))
    db.session.flush()
    garden = _application(budget, initiatives["Groen in de buurt"], fatima, "Moestuin aan de Bijlmerdreef",
                          "Een moestuin waar twintig buren samen groente kweken, met les voor kinderen.", 14,
                          [("materials", "Bakken, aarde en zaden", 180_000), ("activities", "Lessen voor kinderen",
                                                                              60_000),
                           ("overhead", "Administratie", 15_000)], "granted", 255_000, sent=ideas_end - timedelta(days=10))
    _spend(garden, fatima, [(40, "materials", "Houten bakken (Gamma)", 98_450), (33, "materials", "Potgrond", 31_280),
                            (20, "activities", "Les 1 en 2 op de moestuin", 20_000)])
    paper = _application(budget, initiatives["Buurtkrant"], fatima, "Winternummer van de Buurtkrant",
                         "Vierduizend kranten, ook voor wie niet online is.", 9,
                         [("printing", "Drukwerk 4.000 kranten", 210_000), ("overhead", "Bezorgtassen", 10_000)],
                         "granted", 220_000, sent=ideas_end - timedelta(days=3))
    _spend(paper, fatima, [(12, "printing", "Drukkerij Zuidoost, factuur 2026-118", 210_000)])
    _application(budget, initiatives["Koningsdag 2027"], fatima, "Bierkraam op de vrijmarkt",
                 "Een kraam met bier en frisdrank om de muziek te betalen.", 6,
                 [("alcohol", "Bier", 80_000), ("commercial", "Verkoop", 40_000)], "refused", None,
                 reason="Het buurtbudget betaalt geen alcohol en geen verkoop. Vraag het Feestenfonds om de muziek, "
                        "zonder de bierkraam.", sent=ideas_end - timedelta(days=20))
    _application(fund, initiatives["Keti Koti"], fatima, "Keti Koti op 1 juli", "Herdenken en vieren met de buurt.",
                 30, [("food", "Eten voor 200 mensen", 90_000), ("activities", "Muziek", 45_000)], "sent", None,
                 sent=day - timedelta(days=5))


def _dutch(day: date) -> str:
    """Write a day as the coordinator would, in Dutch ("12 januari 2027")."""
    return format_date(day, "d MMMM y", locale="nl")


def _application(budget, initiative, user, title: str, purpose: str, residents: int, lines: list, status: str,
                 granted: int | None, sent: date, reason: str = "") -> Application:
    sent_at = datetime.combine(sent, time(10), tzinfo=UTC)  # in time for the last day to apply
    application = Application(budget_id=budget.id, initiative_id=initiative.id, title=title, purpose=purpose,
                              residents=residents, status=status, granted_cents=granted, reason=reason,
                              created_by_id=user.id, created_at=sent_at - timedelta(days=2), sent_at=sent_at,
                              supporters=0, decided_at=utcnow() - timedelta(days=60) if status in ("granted", "refused")
                              else None)
    db.session.add(application)
    db.session.flush()
    for category, description, cents in lines:
        db.session.add(Line(application_id=application.id, category=category, description=description, cents=cents))
    if granted:
        budget.granted_cents = (budget.granted_cents or 0) + granted
        db.session.add(Entry(budget_id=budget.id, application_id=application.id, initiative_id=initiative.id,
                             kind="grant", day=today() - timedelta(days=60), cents=granted, category="activities",
                             description=title, created_by_id=user.id))
    return application


def _spend(application: Application, user, spendings: list) -> None:
    for days_ago, category, description, cents in spendings:
        db.session.add(Entry(budget_id=application.budget_id, application_id=application.id,
                             initiative_id=application.initiative_id, kind="spending",
                             day=today() - timedelta(days=days_ago), cents=cents, category=category,
                             description=description, created_by_id=user.id))
        application.spent_cents = (application.spent_cents or 0) + cents
