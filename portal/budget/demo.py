"""Demo budgets: the Buurtbudget Bijlmer-Centrum 2026 with its 8% overhead rule, two granted applications with
spendings and one refused, and a fund for celebrations."""

from __future__ import annotations

from datetime import date, timedelta

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
    year = today().year
    budget = services.create_budget(fatima, name=f"Buurtbudget Bijlmer-Centrum {year}", goal_nl=GOAL_NL,
                                    goal_en=GOAL_EN, possible=POSSIBLE, decides=DECIDES, amount_cents=2_500_000,
                                    starts_on=date(year, 1, 1), ends_on=date(year, 12, 31), position=1)
    for kind, text, values in [
        ("max_per_application", "Je vraagt per aanvraag niet meer dan € 5.000.", {"cents": 500_000}),
        ("max_overhead_share", "Maximaal 8% van je begroting gaat naar organisatiekosten.", {"percent": 8}),
        ("min_residents", "Minstens vijf bewoners doen mee (leden of steunbetuigingen).", {"number": 5}),
        ("categories_excluded", "Geen alcohol en geen commerciële activiteiten.",
         {"categories": "alcohol,commercial"}),
        ("spend_before", "Het geld is uitgegeven voor het einde van het jaar.", {"day": date(year, 12, 31)}),
        ("plan_needed", "Je plan staat op je takenbord (minstens drie taken), of je organiseert een activiteit.",
         {"number": 3}),
        ("max_share_per_initiative", "Eén initiatief krijgt niet meer dan 30% van het buurtbudget.", {"percent": 30}),
        ("people", "Het plan is open voor iedereen in de buurt.", {}),
    ]:
        db.session.add(Condition(budget_id=budget.id, kind=kind, text=text, **values))
    for name, start, end in [("Ideeën indienen", (1, 15), (4, 30)), ("Beoordelen", (5, 1), (5, 31)),
                             ("Uitvoeren", (6, 1), (11, 30)), ("Verantwoorden", (12, 1), (12, 31))]:
        db.session.add(Phase(budget_id=budget.id, name=name, starts_on=date(year, *start), ends_on=date(year, *end)))
    db.session.add(Example(budget_id=budget.id, text="Een compostbak en zaden voor de buurtmoestuin",
                           initiative_id=initiatives["Groen in de buurt"].id))
    db.session.add(Example(budget_id=budget.id, text="Drukwerk voor een krant die iedereen in de bus krijgt",
                           initiative_id=initiatives["Buurtkrant"].id))
    fund = services.create_budget(fatima, name="Feestenfonds Zuidoost", goal_nl=(
        "Samen vieren maakt de buurt sterker. Dit fonds betaalt mee aan feesten die iedereen in de buurt welkom "
        "heten: Keti Koti, Koningsdag, het Suikerfeest, Diwali, Kerst."), goal_en=(
        "Celebrating together makes the neighbourhood stronger. This fund helps pay for celebrations that welcome "
        "everyone in the neighbourhood."), possible="Muziek, versiering, eten, huur van een tent.",
        decides="Twee coördinatoren beslissen binnen twee weken.", amount_cents=600_000,
        starts_on=date(year, 1, 1), ends_on=date(year, 12, 31), position=2)
    db.session.add(Condition(budget_id=fund.id, kind="max_per_application", text="Maximaal € 1.500 per feest.",
                             cents=150_000))
    db.session.add(Condition(budget_id=fund.id, kind="categories_excluded", text="Geen alcohol.",
                             categories="alcohol"))
    db.session.flush()
    garden = _application(budget, initiatives["Groen in de buurt"], fatima, "Moestuin aan de Bijlmerdreef",
                          "Een moestuin waar twintig buren samen groente kweken, met les voor kinderen.", 14,
                          [("materials", "Bakken, aarde en zaden", 180_000), ("activities", "Lessen voor kinderen",
                                                                              60_000),
                           ("overhead", "Administratie", 15_000)], "granted", 255_000)
    _spend(garden, fatima, [(40, "materials", "Houten bakken (Gamma)", 98_450), (33, "materials", "Potgrond", 31_280),
                            (20, "activities", "Les 1 en 2 op de moestuin", 20_000)])
    paper = _application(budget, initiatives["Buurtkrant"], fatima, "Winternummer van de Buurtkrant",
                         "Vierduizend kranten, ook voor wie niet online is.", 9,
                         [("printing", "Drukwerk 4.000 kranten", 210_000), ("overhead", "Bezorgtassen", 10_000)],
                         "granted", 220_000)
    _spend(paper, fatima, [(12, "printing", "Drukkerij Zuidoost, factuur 2026-118", 210_000)])
    _application(budget, initiatives["Koningsdag 2027"], fatima, "Bierkraam op de vrijmarkt",
                 "Een kraam met bier en frisdrank om de muziek te betalen.", 6,
                 [("alcohol", "Bier", 80_000), ("commercial", "Verkoop", 40_000)], "refused", None,
                 reason="Het buurtbudget betaalt geen alcohol en geen verkoop. Vraag het Feestenfonds om de muziek, "
                        "zonder de bierkraam.")
    _application(fund, initiatives["Keti Koti"], fatima, "Keti Koti op 1 juli", "Herdenken en vieren met de buurt.",
                 30, [("food", "Eten voor 200 mensen", 90_000), ("activities", "Muziek", 45_000)], "sent", None)


def _application(budget, initiative, user, title: str, purpose: str, residents: int, lines: list, status: str,
                 granted: int | None, reason: str = "") -> Application:
    application = Application(budget_id=budget.id, initiative_id=initiative.id, title=title, purpose=purpose,
                              residents=residents, status=status, granted_cents=granted, reason=reason,
                              created_by_id=user.id, sent_at=utcnow(), supporters=0,
                              decided_at=utcnow() if status in ("granted", "refused") else None)
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
