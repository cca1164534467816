"""Demo shout-outs, in Dutch and English, some with photos drawn by the seed itself."""

import io
from datetime import timedelta

from PIL import Image, ImageDraw

from portal import photos
from portal.applause import services
from portal.applause.models import Clap
from portal.db import utcnow
from portal.extensions import db

SHOUTS = [
    ("fatima", None, "Joyce", "Koningsdag 2027", "Bedankt voor alle kramen die je hebt ingedeeld. Zonder jou geen vrijmarkt!", True),
    ("mehmet", "sanne", None, "Groen in de buurt", "Voor het water geven van de moestuin, elke avond in de hitte.", True),
    ("kwame", None, "Mr. Ramdin", None, "Thank you for fixing the lift in block C and telling everyone in three languages.", False),
    ("sanne", None, None, "Taalcafé", "Dankjewel voor de koffie en het geduld elke dinsdag. Ik praat nu Nederlands met mijn buren!", False),
    ("tomasz", "fatima", None, None, "Thanks for opening the buurthuis every Saturday, rain or shine.", True),
    ("priya", None, "De jongens van de voetbalkooi", None, "Ze hebben het hele veld schoongemaakt na het toernooi. Top!", False),
    ("henk", None, "Aisha en Lucas", "Buurtkrant", "Voor het rondbrengen van 800 kranten door de regen.", False),
    ("joyce", "kwame", None, "Keti Koti", "For the music and the stories on 1 July. The whole street was listening.", False),
]


def demo_photo(seed: int) -> bytes:
    """Draw a simple, cheerful picture (sun, houses, bunting) so the demo needs no photo files."""
    image = Image.new("RGB", (1600, 1000), (255, 246, 228))
    draw = ImageDraw.Draw(image)
    draw.ellipse((1200, 80, 1450, 330), fill=(242, 183, 5))
    colours = [(11, 110, 79), (194, 65, 12), (8, 76, 55), (91, 91, 102)]
    for index in range(5):
        left = 100 + index * 290
        colour = colours[(index + seed) % len(colours)]
        draw.rectangle((left, 520, left + 240, 950), fill=colour)
        draw.polygon([(left - 20, 520), (left + 120, 380), (left + 260, 520)], fill=colours[(index + seed + 1) % 4])
        draw.rectangle((left + 90, 800, left + 150, 950), fill=(255, 253, 248))
    for index in range(16):
        x = 60 + index * 95
        draw.polygon([(x, 200), (x + 80, 200), (x + 40, 280)], fill=colours[(index + seed) % 4])
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def seed_applause(people: dict, initiatives: dict) -> None:
    """Add demo shout-outs with claps, the newest last."""
    by_name = {email.split("@")[0]: user for email, user in people.items()}
    messages = {"too_large": "too large", "not_image": "not an image", "too_many_pixels": "too many pixels"}
    now = utcnow()
    for number, (author, thanked, name, initiative, text, with_photo) in enumerate(SHOUTS):
        photo = photos.store_photo(demo_photo(number), messages) if with_photo else None
        shout = services.post_shout(by_name[author], text, name, by_name.get(thanked),
                                    initiatives[initiative].id if initiative else None, photo)
        shout.created_at = now - timedelta(days=len(SHOUTS) - number, hours=number)
        clappers = list(by_name.values())[: (number * 3) % len(by_name) + 1]
        db.session.add_all(Clap(shout_id=shout.id, user_id=user.id) for user in clappers)
        shout.clap_count = len(clappers)
    # Automatic thanks come from tasks the demo boards really finish (portal/boards/demo.py), never typed here.
    db.session.flush()


