"""Demo distribution points in Amsterdam Zuidoost, with this week's distribution tasks on the Buurtkrant's board:
one already brought (and thanked), one taken by a neighbour, the rest waiting for hands."""

from portal.boards import services as boards
from portal.paper import digest, points, services

# (name, address, opening times, who brings it, copies, initiative whose board gets the task)
POINTS = [
    ("Buurthuis De Nelle", "Nellesteinpad 2, 1104 Amsterdam", "ma-vr 09:00-22:00, za 10:00-17:00", "Joyce",
     40, "Buurtkrant"),
    ("OBA Reigersbos", "Reigersbos 100, 1107 ES Amsterdam", "di-za 11:00-17:00", "Priya (bibliotheek)", 30,
     "Buurtkrant"),
    ("Albert Heijn Ganzenhoef", "Ganzenhoef 20, 1103 Amsterdam", "ma-za 08:00-21:00, zo 12:00-20:00",
     "Buurtteam Ganzenhoef", 20, "Buurtkrant"),
    ("Moskee Taibah", "Kraaiennest 125, 1104 CH Amsterdam", "elke dag, na het middaggebed", "Mehmet", 25,
     "Buurtkrant"),
    ("Bijlmerkerk", "Bijlmerdreef 1001, 1103 Amsterdam", "zondag 10:00-13:00", "Sanne", 25, "Buurtkrant"),
    ("Basisschool De Polsstok", "Gaasperdammerweg 10, 1104 Amsterdam", "schooldagen 08:15-08:45 bij het hek",
     "Ouders van groep 7", 30, "Taalcafé"),
    ("Huisartsenpraktijk Ganzenhoef", "Ganzenhoef 5, 1103 Amsterdam", "ma-vr 08:00-17:00, wachtkamer", "Kwame",
     15, "Buurtkrant"),
]


# Residents who want the Buurtbericht by e-mail (Kwame in English), so `flask --app portal send-digest` shows it.
DIGEST_READERS = ("kwame@demo.buurtbouw.nl", "sanne@demo.buurtbouw.nl", "joyce@demo.buurtbouw.nl",
                  "tomasz@demo.buurtbouw.nl")


def seed_paper(people: dict, initiatives: dict) -> None:
    """Add the distribution points and this week's tasks; Joyce brought the paper to the buurthuis already. Some
    residents want the weekly digest by e-mail."""
    for email in DIGEST_READERS:
        digest.set_subscribed(people[email].id, True)
    made = []
    for name, address, opening, brought_by, copies, board in POINTS:
        made.append(points.save_point(None, name=name, address=address, opening_times=opening, brought_by=brought_by,
                                      copies=copies, initiative_id=initiatives[board].id))
    week = services.monday_of(services.today())
    points.make_week_tasks(week)
    overview = {row.point.name: row.task for row in points.week_overview(week)}
    joyce, tomasz = people["joyce@demo.buurtbouw.nl"], people["tomasz@demo.buurtbouw.nl"]
    brought = overview["Buurthuis De Nelle"]
    if brought is not None:
        boards.claim(brought.id, joyce)
        boards.finish(brought.id, joyce, whole=True)
    taken = overview["Albert Heijn Ganzenhoef"]
    if taken is not None:
        boards.claim(taken.id, tomasz)
