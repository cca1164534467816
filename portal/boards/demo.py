"""Demo initiatives: the working groups of the demo neighbourhood."""

from portal.boards.models import Initiative
from portal.extensions import db

INITIATIVES = [
    ("Koningsdag 2027", "Vrijmarkt, spelletjes en muziek op het plein. / Free market, games and music on the square."),
    ("Groen in de buurt", "Geveltuinen, boomspiegels en de buurtmoestuin. / Façade gardens and the community garden."),
    ("Buurtkrant", "Vier keer per jaar een krant door de bus, ook voor wie niet online is."),
    ("Taalcafé", "Elke dinsdag Nederlands oefenen met koffie. / Practise Dutch over coffee every Tuesday."),
    ("Keti Koti", "Herdenken en vieren op 1 juli, samen met de hele buurt."),
]


def seed_initiatives(people: dict) -> dict[str, Initiative]:
    """Add the demo initiatives and return them by name."""
    initiatives = {name: Initiative(name=name, description=text) for name, text in INITIATIVES}
    db.session.add_all(initiatives.values())
    db.session.flush()
    return initiatives
