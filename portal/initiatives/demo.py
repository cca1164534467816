"""Demo initiatives: the working groups of the demo neighbourhood (Amsterdam Zuidoost), with who carries them."""

import io

from PIL import Image, ImageDraw

from portal import photos
from portal.extensions import db
from portal.initiatives.models import Initiative, Membership

# name, purpose, story, theme, status, when, where, how to join, visibility
INITIATIVES = [
    ("Koningsdag 2027", "We maken van Koningsdag een feest op het Nellesteinplein, voor en door de buurt.",
     "Het begon in 2023 met een kleedje en een ketel soep. Nu staan er zestig kramen op de vrijmarkt, is er "
     "muziek van buurtbands en spelen de kinderen tot het donker wordt.\n\nWe zoeken elk jaar mensen die een "
     "uurtje sjouwen, een kraam indelen of spelletjes begeleiden. Een uur helpen is al genoeg.",
     "culture", "active", "Eerste maandag van de maand, 19:30", "Buurthuis Gein, grote zaal", "task", "public"),
    ("Groen in de buurt", "Samen houden we de geveltuinen, boomspiegels en de buurtmoestuin bij blok C groen.",
     "Wat ooit een kale strook gras was, is nu een moestuin met twaalf bakken. Er groeien tomaten, pepers, "
     "callaloo en bonen, en wie helpt, mag oogsten.\n\nOok zonder groene vingers ben je welkom: water geven, "
     "schoffelen en koffie zetten horen er ook bij.",
     "green", "active", "Zaterdag 10:00-12:00", "Buurtmoestuin achter blok C", "visit", "public"),
    ("Buurtkrant", "Vier keer per jaar een krant door de bus, ook voor wie niet online is.",
     "De Gein Post bestaat sinds 2019. Buren schrijven over buren: de nieuwe huisarts, de kapper die dertig "
     "jaar open is, de jongeren die een studio bouwden.\n\nWe zoeken schrijvers, fotografen en mensen die in "
     "hun eigen portiek de kranten rondbrengen.",
     "living", "active", "Om de week dinsdag 20:00", "Bibliotheek Reigersbos, leeszaal", "message", "public"),
    ("Taalcafé", "Elke dinsdag oefenen we Nederlands met koffie, zonder lesboek en zonder toets.",
     "Aan tafel zitten mensen uit Ghana, Polen, Suriname, Syrië en Eritrea. Wie al lang Nederlands praat, "
     "helpt wie net begint. We praten over de markt, de school en het weer.\n\nKom gewoon langs; je hoeft je "
     "niet aan te melden.",
     "language", "active", "Dinsdag 10:00-11:30", "Bibliotheek Reigersbos", "visit", "public"),
    ("Keti Koti", "Op 1 juli herdenken en vieren we samen het einde van de slavernij.",
     "Met een herdenking bij het monument, een bigi spikri door de straat en een keti koti-tafel waar buren "
     "elkaar hun verhaal vertellen.\n\nNa 1 juli rusten we even uit; vanaf maart beginnen we weer met plannen.",
     "culture", "resting", "Vanaf maart, eens per maand", "Buurthuis Gein", "message", "public"),
    ("Huurdersgroep blok D", "Wij bundelen de klachten over vocht en schimmel in blok D voor de woningcorporatie.",
     "Alleen voor bewoners van blok D: we verzamelen foto's en brieven en gaan samen naar het overleg.",
     "living", "starting", "Donderdag na het overleg, 20:00", "Bij Sanne thuis", "message", "members"),
    ("Kookclub Gein", "We kookten elke vrijdag samen voor de buren die alleen wonen.",
     "Na vier mooie jaren is de keuken van het oude buurthuis dicht. We zoeken een nieuwe plek; tot dan "
     "staat de kookclub stil.",
     "food", "stopped", "", "", "visit", "public"),
]

# Who carries what: (person, role); everyone listed is a member.
MEMBERS = {
    "Koningsdag 2027": [("fatima", "contact"), ("mehmet", "carrier"), ("sanne", "member"), ("kwame", "member"),
                        ("tomasz", "member")],
    "Groen in de buurt": [("sanne", "contact"), ("fatima", "carrier"), ("mehmet", "member"), ("kwame", "member"),
                          ("tomasz", "member")],
    "Buurtkrant": [("kwame", "contact"), ("mehmet", "carrier"), ("fatima", "member"), ("sanne", "member"),
                   ("tomasz", "member")],
    "Taalcafé": [("priya", "contact"), ("tomasz", "member"), ("joyce", "member")],
    "Keti Koti": [("joyce", "carrier"), ("henk", "contact"), ("priya", "member")],
    "Huurdersgroep blok D": [("sanne", "contact"), ("joyce", "member")],
    "Kookclub Gein": [("mehmet", "carrier")],
}


def seed_initiatives(people: dict) -> dict[str, Initiative]:
    """Add the demo initiatives with their members and roles, and return them by name."""
    initiatives = {}
    for name, purpose, story, theme, status, when, where, join, visibility in INITIATIVES:
        initiatives[name] = Initiative(name=name, purpose=purpose, story=story, theme=theme, status=status,
                                       meets_when=when, meets_where=where, how_to_join=join, visibility=visibility)
    db.session.add_all(initiatives.values())
    db.session.flush()
    by_name = {email.split("@")[0]: user for email, user in people.items()}
    for name, members in MEMBERS.items():
        for person, role in members:
            db.session.add(Membership(initiative_id=initiatives[name].id, user_id=by_name[person].id, role=role))
    seed_logos(initiatives)
    db.session.flush()
    return initiatives


def demo_logo(colour: tuple[int, int, int], leaves: int) -> bytes:
    """Draw a simple round logo (a sun of leaves) so the demo needs no image files."""
    image = Image.new("RGB", (600, 600), (255, 253, 248))
    draw = ImageDraw.Draw(image)
    draw.ellipse((60, 60, 540, 540), fill=colour)
    for index in range(leaves):
        left = 150 + index * (300 // max(leaves - 1, 1))
        draw.ellipse((left - 40, 230, left + 40, 370), fill=(242, 183, 5))
    draw.rectangle((120, 420, 480, 450), fill=(255, 253, 248))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def seed_logos(initiatives: dict[str, Initiative]) -> None:
    """Give two demo initiatives a logo, stored like any upload (cleaned and scaled by portal.photos)."""
    messages = {"too_large": "too large", "not_image": "not an image", "too_many_pixels": "too many pixels"}
    for name, colour, leaves in (("Groen in de buurt", (11, 110, 79), 4), ("Taalcafé", (194, 65, 12), 3)):
        stored = photos.store_photo(demo_logo(colour, leaves), messages)
        initiative = initiatives[name]
        initiative.photo, initiative.photo_width, initiative.photo_height = stored.name, stored.width, stored.height
