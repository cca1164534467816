"""The weekly digest by e-mail: the weekly sheet's content (the same `sheet_section` hooks, answering as to a
visitor) for residents who asked for it, with the ask budget and a one-click unsubscribe link.

`queue_digests` puts one mail per subscriber in the outbox under the key "digest:<week>:<user>": the outbox's unique
key makes a second run queue nothing twice, and each batch is committed, so a run killed half-way is finished by
the next run.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func, select

from portal.accounts.models import User
from portal.core.registry import SheetSection
from portal.core.time import today
from portal.core.urls import public_url_for
from portal.extensions import db
from portal.i18n import in_language
from portal.mail import queue_mail, queued_keys
from portal.paper.models import DigestSubscription, HelpAsk
from portal.paper.services import Sheet, build_sheet, monday_of

BATCH = 500  # subscribers per transaction: bounded memory, and what a killed run loses is redone by the next
LINK_DAYS = 400  # an unsubscribe link works this long (a year of weekly mails, and some)
TASKS = "tasks"  # the sheet's section of "can you help?" items: the ones the ask budget counts
LANGUAGES = ("nl", "en")


# --- who wants it ------------------------------------------------------------------------------------------------

def is_subscribed(user_id: int) -> bool:
    """Tell whether the person wants the weekly digest."""
    return db.session.scalar(select(DigestSubscription.id).where(DigestSubscription.user_id == user_id)) is not None


def set_subscribed(user_id: int, wanted: bool) -> None:
    """Sign the person up for the weekly digest, or off it (committed; doing it twice changes nothing)."""
    if wanted and not is_subscribed(user_id):
        db.session.add(DigestSubscription(user_id=user_id))
    elif not wanted:
        db.session.execute(delete(DigestSubscription).where(DigestSubscription.user_id == user_id))
    db.session.commit()


def subscriber_count() -> int:
    """Return how many people want the weekly digest."""
    return db.session.scalar(select(func.count(DigestSubscription.id))) or 0


# --- one-click unsubscribe: a signed link, no login ------------------------------------------------------------

def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="digest-unsubscribe")


def unsubscribe_token(user_id: int, subscription_id: int) -> str:
    """Return the signed token of one sign-up's unsubscribe link (it names the sign-up, so an old link from an
    earlier sign-up cannot end a later one)."""
    return str(_signer().dumps([user_id, subscription_id]))


def check_token(token: str) -> tuple[str, int | None]:
    """Tell what an unsubscribe token is worth, changing nothing: ("ok", user id), ("expired", None),
    ("invalid", None: forged, damaged or not ours), ("gone", user id: not signed up, or from an earlier sign-up)."""
    try:
        user_id, subscription_id = _signer().loads(token, max_age=LINK_DAYS * 86400)
    except SignatureExpired:
        return "expired", None
    except (BadSignature, ValueError, TypeError):
        return "invalid", None
    if not isinstance(user_id, int) or not isinstance(subscription_id, int):
        return "invalid", None
    found = db.session.scalar(select(DigestSubscription.id).where(DigestSubscription.id == subscription_id,
                                                                   DigestSubscription.user_id == user_id))
    return ("ok" if found is not None else "gone"), user_id


def unsubscribe_by_token(token: str) -> str:
    """End the sign-up a valid token names (committed); return what `check_token` said, nothing changed otherwise."""
    outcome, _user_id = check_token(token)
    if outcome == "ok":
        _user, subscription_id = _signer().loads(token)
        db.session.execute(delete(DigestSubscription).where(DigestSubscription.id == subscription_id))
        db.session.commit()
    return outcome


# --- the ask budget ----------------------------------------------------------------------------------------------

def ask_ref(what: str) -> str:
    """Return the short fixed-length name of an ask (its public address, say) as the ask budget stores it."""
    return hashlib.sha256(what.encode()).hexdigest()[:32]


def asks_left(user_id: int, week_start: date) -> int:
    """Return how many more requests for help the portal may put before this person in the week of `week_start`."""
    used = db.session.scalar(select(func.count(HelpAsk.id)).where(
        HelpAsk.user_id == user_id, HelpAsk.week_start == monday_of(week_start))) or 0
    return max(0, current_app.config["ASK_BUDGET_PER_WEEK"] - used)


def take_asks(user_id: int, week_start: date, refs: list[str]) -> list[str]:
    """Spend the person's ask budget of the week on `refs` (in their order) and return the ones that may be asked.

    Whatever already asks for help (the digest, or any other feature through this function) uses it: a ref asked
    before in the same week is free, new ones only while the budget (ASK_BUDGET_PER_WEEK) lasts. The caller commits,
    in the transaction that asks.
    """
    week = monday_of(week_start)
    asked = set(db.session.scalars(select(HelpAsk.ref).where(HelpAsk.user_id == user_id, HelpAsk.week_start == week)))
    room = current_app.config["ASK_BUDGET_PER_WEEK"] - len(asked)
    allowed = []
    for ref in dict.fromkeys(refs):
        if ref in asked:
            allowed.append(ref)
        elif room > 0:
            db.session.add(HelpAsk(user_id=user_id, week_start=week, ref=ref))
            allowed.append(ref)
            room -= 1
    db.session.flush()
    return allowed


# --- the mail ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str
    headers: tuple[tuple[str, str], ...]


def digest_key(week_start: date, user_id: int) -> str:
    """Return the outbox key of a person's digest of a week: it is queued once, ever."""
    return f"digest:{week_start.isoformat()}:{user_id}"


def _language(user: User) -> str:
    return user.language if user.language in LANGUAGES else "nl"


def _with_asks(sheet: Sheet, user: User) -> tuple[SheetSection, ...]:
    """Return the sheet's sections for this person: the "can you help?" items cut to what their ask budget allows
    (none while they take a break), and counted against it."""
    sections = []
    for section in sheet.sections:
        if section.key == TASKS:
            on_break = user.paused_until is not None and user.paused_until >= today()
            refs = [ask_ref(item.url or item.title) for item in section.items]
            allowed = set() if on_break else set(take_asks(user.id, sheet.week_start, refs))
            items = tuple(item for item, ref in zip(section.items, refs, strict=True) if ref in allowed)
            if not items:
                continue
            section = SheetSection(section.key, section.heading, items, section.line, section.stamp)
        sections.append(section)
    return tuple(sections)


def build_digest(user: User, subscription_id: int, sheet: Sheet) -> Digest:
    """Return the digest mail of `sheet` for `user`, in the sheet's language (which is theirs)."""
    sections = _with_asks(sheet, user)
    unsubscribe = public_url_for("paper.unsubscribe", token=unsubscribe_token(user.id, subscription_id))
    links = {"sheet": public_url_for("paper.show_sheet", week=sheet.week_start.isoformat(), lang=sheet.lang),
             "account": public_url_for("accounts.account"), "unsubscribe": unsubscribe}
    with in_language(sheet.lang):
        subject = _("Buurtbericht, week %(number)s", number=sheet.week_number)
        period = _("%(first)s to %(last)s", first=format_date(sheet.week_start, "d MMMM"),
                   last=format_date(sheet.week_end, "d MMMM yyyy"))
        text = _digest_text(user, sections, subject, period, links)
        html = current_app.jinja_env.get_template("paper/digest_mail.html").render(
            lang=sheet.lang, user=user, sections=sections, subject=subject, period=period, links=links)
    headers = (("List-Unsubscribe", f"<{unsubscribe}>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
    return Digest(subject, text, html, headers)


def _digest_text(user: User, sections: tuple[SheetSection, ...], subject: str, period: str,
                 links: dict[str, str]) -> str:
    """Return the plain-text digest: a heading per section, an item a line, its address below it."""
    lines = [_("Hello %(name)s,", name=user.name), "", f"{subject} ({period})"]
    for section in sections:
        lines += ["", section.heading.upper()]
        if section.line:
            lines.append(section.line)
        for item in section.items:
            lines.append(f"- {item.title}" + (f": {item.text}" if item.text else ""))
            if item.url:
                lines.append(f"  {item.url}")
    lines += ["", _("The whole sheet, to read or print: %(url)s", url=links["sheet"]), "", "-- ",
              _("You get this e-mail because you asked for it on your account page (%(url)s).", url=links["account"]),
              _("Stop it with one click: %(url)s", url=links["unsubscribe"])]
    return "\n".join(lines) + "\n"


def queue_digests(week_start: date | None = None, batch: int = BATCH) -> int:
    """Queue this week's digest for every subscriber who has not got it yet; return how many were queued.

    Subscribers are read in keyset batches (by user id); each batch is one committed transaction, so memory stays
    bounded and a killed run is finished by the next one, which skips the keys already in the outbox.
    """
    week = monday_of(week_start or today())
    sheets: dict[str, Sheet] = {}  # one sheet per language, built once for the whole run
    queued, after = 0, 0
    try:
        while True:
            rows = db.session.execute(
                select(DigestSubscription.id, User).join(User, User.id == DigestSubscription.user_id)
                .where(DigestSubscription.user_id > after).order_by(DigestSubscription.user_id).limit(batch)).all()
            if not rows:
                return queued
            done = queued_keys([digest_key(week, user.id) for _id, user in rows])
            for subscription_id, user in rows:
                if digest_key(week, user.id) in done or "@" not in (user.email or ""):
                    continue
                lang = _language(user)
                if lang not in sheets:
                    sheets[lang] = build_sheet(week, lang, full=True)
                mail = build_digest(user, subscription_id, sheets[lang])
                queued += queue_mail(digest_key(week, user.id), user.email, mail.subject, mail.text,
                                     html=mail.html, headers=mail.headers)
            db.session.commit()
            after = rows[-1][1].id
            db.session.expunge_all()  # forget this batch's rows: memory stays the same for 10 or 10,000 people
    except BaseException:
        db.session.rollback()  # the batch half done is not kept: the next run does it whole
        raise
