"""Account rules: passwords, sessions the server can end, log-in throttling and password reset."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, g, request, session
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from portal.accounts.models import DeskCode, LoginFailure, MailToken, PhoneRelease, User, UserSession
from portal.accounts.phones import looks_like_email, normal_phone
from portal.db import rows_changed, utcnow, write_transaction
from portal.extensions import db
from portal.i18n import SESSION_ONLY, forget_chosen_language, in_language
from portal.mail.outbox import forget_recipient, queue_mail

COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt")
RESET_LIFETIME = timedelta(hours=1)
REGISTRATION_LIFETIME = timedelta(days=2)
LAST_SEEN_GRANULARITY = timedelta(minutes=1)  # a session row is written at most once a minute
UNTOUCHED_ENDPOINTS = {"static"}
CHOSEN_BEFORE_LOG_IN = "lang_chosen"  # in the browser session: the language a visitor chose, for their log-in


@dataclass(frozen=True)
class SharedComputerPolicy:
    """How log-ins on a shared computer behave; the kiosk registers one (accounts knows no kiosk).

    `applies` tells whether this request comes from such a computer; their sessions end after `idle_limit`
    without input, `last_seen` moves every `touch_every`, and `untouched_endpoints` (a countdown asking how
    long is left) do not count as input.
    """

    applies: Callable[[], bool]
    idle_limit: timedelta
    touch_every: timedelta
    untouched_endpoints: frozenset[str] = frozenset()
    computer_id: Callable[[], int | None] = lambda: None  # which shared computer; its sessions end with it


_shared_computers: list[SharedComputerPolicy] = []


def register_shared_computer_policy(policy: SharedComputerPolicy) -> None:
    """Let a feature (the kiosk) say how sessions on a shared computer behave."""
    _shared_computers[:] = [policy]


def on_shared_computer() -> bool:
    """Tell whether this request comes from a shared computer, whose log-ins get short sessions."""
    return any(policy.applies() for policy in _shared_computers)


def _idle_limit(row: UserSession) -> timedelta:
    if row.kiosk and _shared_computers:
        return _shared_computers[0].idle_limit
    return current_app.config["SESSION_IDLE_TIMEOUT"]


def _touch_every(row: UserSession) -> timedelta:
    return _shared_computers[0].touch_every if row.kiosk and _shared_computers else LAST_SEEN_GRANULARITY


def _untouched(row: UserSession) -> bool:
    extra = _shared_computers[0].untouched_endpoints if row.kiosk and _shared_computers else frozenset()
    return request.endpoint in UNTOUCHED_ENDPOINTS or request.endpoint in extra


def _hasher() -> PasswordHasher:
    if current_app.config.get("ARGON2_FAST"):
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher().hash(password)


def check_password(user: User, password: str) -> bool:
    """Check `password` against the user's hash, upgrading the hash when its parameters are old."""
    hasher = _hasher()
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return True


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    return frozenset(COMMON_PASSWORDS_FILE.read_text().split())


def is_common_password(password: str) -> bool:
    """Tell whether `password` is on the bundled list of much-used passwords."""
    return password.lower() in _common_passwords()


def find_user_by_email(email: str) -> User | None:
    """Return the user with this e-mail address (case-insensitive), if any."""
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def find_user_by_phone(phone: str) -> User | None:
    """Return the user with this phone number (however it is written), if any."""
    normal = normal_phone(phone)
    return db.session.scalar(select(User).where(User.phone == normal)) if normal else None


def find_user_by_login(name: str) -> User | None:
    """Return the user an e-mail address or a phone number, typed in the one log-in field, belongs to."""
    return find_user_by_email(name) if looks_like_email(name) else find_user_by_phone(name)


def login_name(user: User) -> str:
    """Return what this person logs in with: their e-mail address, or their phone when they have none."""
    return user.email or user.phone or ""


def mail_address_of(user: User | None) -> str | None:
    """Return where mail for this person goes, or None: they have no e-mail address, so no mail is queued."""
    return user.email if user is not None and user.email else None


def get_user(user_id: int) -> User | None:
    """Return the account with this id, if there is one."""
    return db.session.get(User, user_id)


def users_after(after: int, size: int) -> list[User]:
    """Return up to `size` + 1 accounts with an id above `after`, in id order (the extra one: there is more)."""
    return list(db.session.scalars(select(User).where(User.id > after).order_by(User.id).limit(size + 1)))


def set_language(user: User, language: str) -> None:
    """Keep the language of the pages on the account, so mail reaches them in it too (committed at once)."""
    if user.language != language:
        with write_transaction(db.session):
            db.session.execute(update(User).where(User.id == user.id).values(language=language))
        set_committed_value(user, "language", language)  # this request's pages and messages too


def keep_language_for_log_in(language: str) -> None:
    """Remember that a visitor chose `language` in this browser: it becomes their account's when they log in."""
    session[CHOSEN_BEFORE_LOG_IN] = language


def create_user(email: str | None, name: str, password: str, role: str = "resident", language: str = "nl",
                phone: str | None = None) -> User:
    """Add a user with a hashed password (an e-mail address, a phone, or both); the caller commits."""
    user = User(email=email.strip().lower() if email else None, phone=normal_phone(phone) if phone else None,
                name=name.strip(), role=role, language=language, password_hash=hash_password(password))
    db.session.add(user)
    return user


# --- sessions -----------------------------------------------------------------------------------

def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, kiosk: bool = False) -> None:
    """Log `user` in with a fresh server-side session (a new id, so an old cookie cannot be fixed).

    A language the person chose in this browser before logging in is their choice, as one made after: the pages
    stay in it and the account keeps it. A language left from someone who logged out here is not theirs: their
    account's counts."""
    language = session.get("lang")
    chosen = language is not None and session.get(CHOSEN_BEFORE_LOG_IN) == language
    here = session.get(SESSION_ONLY)  # chosen on a shared computer: it stays this session's, the account keeps its own
    session.clear()
    if language:
        session["lang"] = language
    if here:
        session[SESSION_ONLY] = True
    token = secrets.token_urlsafe(32)
    computer = _shared_computers[0].computer_id() if kiosk and _shared_computers else None
    db.session.add(UserSession(id=_digest(token), user_id=user.id, kiosk=kiosk, shared_computer_id=computer))
    db.session.commit()
    session["sid"] = token
    session.permanent = True
    login_user(user)
    if chosen and language:
        set_language(user, language)


# One read per request: the session row and its person together. Built once: making and keying the statement
# again on every request cost more than SQLite's answer.
_SESSION_AND_USER = (select(UserSession, User).join(User, User.id == UserSession.user_id)
                     .where(UserSession.id == bindparam("digest")))


def load_session_user(user_id: str) -> User | None:
    """Return the user of this request's session, or None when the session was ended or went stale."""
    token = session.get("sid")
    if not token:
        return None
    found = db.session.execute(_SESSION_AND_USER, {"digest": _digest(token)}).first()
    if found is None or str(found[0].user_id) != user_id:
        return None
    row, user = found
    now = utcnow()
    config = current_app.config
    if now - row.created_at > config["PERMANENT_SESSION_LIFETIME"] or now - row.last_seen > _idle_limit(row):
        with write_transaction(db.session):
            db.session.execute(delete(UserSession).where(UserSession.id == row.id))
        g.session_ended = True  # the response tells the browser to drop what it kept of this person
        if row.kiosk:  # a shared computer forgets the person's language too: the next person starts in Dutch
            forget_chosen_language()
        return None
    g.session_row = row
    # A shared computer's countdown asks how long is left without counting as input itself.
    if not _untouched(row) and now - row.last_seen > _touch_every(row):
        with write_transaction(db.session):
            db.session.execute(update(UserSession).where(UserSession.id == row.id).values(last_seen=now))
    return user


def seconds_left() -> int | None:
    """Return how many seconds this session has before it ends for being idle (None: not logged in)."""
    row = g.get("session_row")
    if row is None:
        return None
    return max(0, int((row.last_seen + _idle_limit(row) - utcnow()).total_seconds()))


def end_session() -> None:
    """Log out here: delete this session's row and forget the cookie."""
    token = session.get("sid")
    if token:
        db.session.execute(delete(UserSession).where(UserSession.id == _digest(token)))
        db.session.commit()
    logout_user()
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def end_other_sessions(user: User, keep_current: bool = True) -> None:
    """End every session of `user` (except this one when `keep_current`); the caller commits."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    token = session.get("sid")
    if keep_current and token:
        query = query.where(UserSession.id != _digest(token))
    db.session.execute(query)


# --- log-in throttling --------------------------------------------------------------------------

def _keyed(text: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def _identifier(email: str) -> str:
    """Return a keyed hash of the address or phone (in its one form): it counts failures without storing, or
    letting anyone recompute, it."""
    name = email.strip().lower()
    return _keyed(normal_phone(name) or name if not looks_like_email(name) else name)


def seconds_locked(email: str) -> int:
    """Return how many seconds this account name must wait before the next try (0: may try now)."""
    config = current_app.config
    since = utcnow() - config["LOGIN_FAILURE_WINDOW"]
    count, oldest = db.session.execute(
        select(func.count(), func.min(LoginFailure.at)).where(
            LoginFailure.identifier == _identifier(email), LoginFailure.at > since)
    ).one()
    if count < config["LOGIN_FAILURES_PER_ACCOUNT"]:
        return 0
    oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=utcnow().tzinfo)
    return max(1, int((oldest + config["LOGIN_FAILURE_WINDOW"] - utcnow()).total_seconds()) + 1)


def record_failure(email: str) -> None:
    """Count a failed log-in for this account name, whether or not the account exists; forget expired ones."""
    since = utcnow() - current_app.config["LOGIN_FAILURE_WINDOW"]
    db.session.execute(delete(LoginFailure).where(LoginFailure.at <= since))  # indexed on `at`: cheap
    db.session.add(LoginFailure(identifier=_identifier(email)))
    db.session.commit()


def check_own_password(user: User, password: str) -> tuple[bool, int]:
    """Check a logged-in person's password, throttled like log-ins: return (right, seconds to wait)."""
    wait = seconds_locked(login_name(user))
    if wait:
        return False, wait
    if check_password(user, password):
        return True, 0
    record_failure(login_name(user))
    return False, 0


def clear_failures(email: str) -> None:
    """Forget the failed log-ins of this account name after a success; the caller commits."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.identifier == _identifier(email)))


def authenticate(email: str, password: str) -> User | None:
    """Return the user when e-mail address (or phone) and password match; count the failure otherwise."""
    user = find_user_by_login(email)
    if user is None:
        _hasher().hash(password)  # spend the same time, so timing does not tell who has an account
    elif check_password(user, password):
        clear_failures(email)
        db.session.commit()
        return user
    record_failure(email)
    return None


# --- secrets sent by e-mail: password reset and registration -----------------------------------

def _issue(purpose: str, lifetime: timedelta, **fields: object) -> str:
    """Store the hash of a new random secret and return the secret; expired ones go. The caller commits."""
    now = utcnow()
    db.session.execute(delete(MailToken).where(MailToken.expires_at <= now))
    token = secrets.token_urlsafe(32)
    db.session.add(MailToken(purpose=purpose, token_hash=_digest(token), expires_at=now + lifetime, **fields))
    return token


def _valid_token(purpose: str, token: str | None) -> MailToken | None:
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    return db.session.scalar(select(MailToken).where(
        MailToken.token_hash == _digest(token), MailToken.purpose == purpose, MailToken.expires_at > utcnow()))


def make_reset_token(user: User) -> str:
    """Return an opaque secret that resets this user's password once, within an hour; the caller commits."""
    return _issue("reset", RESET_LIFETIME, user_id=user.id)


def user_from_reset_token(token: str | None) -> User | None:
    """Return the user a valid, unused, unexpired reset token belongs to."""
    row = _valid_token("reset", token)
    return db.session.get(User, row.user_id) if row else None


def set_password(user: User, password: str) -> None:
    """Give `user` a new password, end their other sessions and void their reset links; the caller commits."""
    user.password_hash = hash_password(password)
    end_other_sessions(user)
    db.session.execute(delete(MailToken).where(MailToken.user_id == user.id, MailToken.purpose == "reset"))


def request_registration(email: str, name: str, password: str, language: str) -> tuple[str, User | None]:
    """Start a registration; return the secret to mail and the existing account of this address, if any.

    Both cases do the same work (one password hash, one stored secret), so neither answer nor timing tells
    whether the address has an account. For an existing account the secret is a reset link for its owner.
    """
    password_hash = hash_password(password)
    existing = find_user_by_email(email)
    if existing is not None:
        return make_reset_token(existing), existing
    return _issue("register", REGISTRATION_LIFETIME, email=email.strip().lower(), name=name.strip(),
                  password_hash=password_hash, language=language), None


def pending_registration(token: str | None) -> MailToken | None:
    """Return the registration a valid confirmation secret belongs to."""
    return _valid_token("register", token)


def confirm_registration(row: MailToken) -> User | None:
    """Make the account of a confirmed registration (None: the address got an account meanwhile); commits."""
    email = row.email
    user = User(email=email, name=row.name, password_hash=row.password_hash, language=row.language or "nl",
                role="resident")
    db.session.execute(delete(MailToken).where(MailToken.purpose == "register", MailToken.email == email))
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:  # the unique address: someone confirmed the same address a moment earlier
        db.session.rollback()
        with write_transaction(db.session):
            db.session.execute(delete(MailToken).where(MailToken.purpose == "register", MailToken.email == email))
        return None
    return user


# --- personal data ------------------------------------------------------------------------------

# Features add what they keep about a person: name -> function(user) returning JSON-ready data.
DATA_EXPORTERS: dict = {}


def export_user_data(user: User) -> dict:
    """Return everything the portal keeps about `user`, ready for JSON."""
    data = {
        "account": {
            "name": user.name, "email": user.email, "phone": user.phone, "role": user.role, "language": user.language,
            "show_name_in_public": user.show_name_in_public, "created_at": user.created_at.isoformat(),
        },
        "sessions": [
            {"created_at": row.created_at.isoformat(), "last_seen": row.last_seen.isoformat(), "kiosk": row.kiosk}
            for row in db.session.scalars(select(UserSession).where(UserSession.user_id == user.id))
        ],
        "phone_freed": [
            {"created_at": row.created_at.isoformat()}
            for row in db.session.scalars(select(PhoneRelease).where(PhoneRelease.account_id == user.id))
        ],
    }
    for name, exporter in DATA_EXPORTERS.items():
        data[name] = exporter(user)
    return data


# Features clean up what belongs to a person who leaves: functions taking the user, run before the delete.
ACCOUNT_DELETERS: list = []


def delete_account(user: User) -> None:
    """Remove `user` and what they left behind, in one transaction; the caller commits."""
    for deleter in ACCOUNT_DELETERS:
        deleter(user)
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    db.session.execute(delete(MailToken).where(MailToken.user_id == user.id))
    if user.email:
        db.session.execute(delete(MailToken).where(MailToken.email == user.email))
        forget_recipient(user.email)
    db.session.execute(delete(LoginFailure).where(LoginFailure.identifier == _identifier(login_name(user))))
    db.session.execute(delete(DeskCode).where(DeskCode.user_id == user.id))
    db.session.delete(user)


# --- accounts without e-mail: registration by phone, reset codes from the buurthuis desk ---------------------

DESK_CODE_LIFETIME = timedelta(hours=24)
DESK_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud and typed over from paper
DESK_CODE_LENGTH = 10
FOUND_AT_DESK = 20


def register_with_phone(phone: str, name: str, password: str, language: str) -> User | None:
    """Make an account reached by phone, working at once (there is no link to confirm); None: the phone has one.

    Committed. The unique phone is a database rule, so two registrations at once make one account.
    """
    user = User(phone=normal_phone(phone), name=name.strip(), password_hash=hash_password(password),
                language=language, role="resident")
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return user


def set_phone(user: User, phone: str | None) -> str:
    """Give `user` this phone number (any Dutch form; None or empty removes it): "ok", "taken" (another account
    has it; whose is never told) or "needed" (the account has no e-mail, so it keeps a number). Committed; the
    unique phone is a database rule, so two people adding one number at the same moment cannot both have it."""
    normal = normal_phone(phone) if phone else None
    if normal is None and not user.email:
        return "needed"
    if normal == user.phone:
        return "ok"
    if normal and db.session.scalar(select(User.id).where(User.phone == normal, User.id != user.id)):
        return "taken"
    user.phone = normal
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return "taken"
    current_app.logger.info("phone %s user=%s", "changed" if normal else "removed", user.id)
    return "ok"


def free_phone(holder: User, freed_by: User, close: bool = False) -> str:
    """Take the phone number off `holder` at the desk, after the desk checked that it belongs to the person in
    front of them, so that person can register it or add it to their own account. Logged (who, when). Returns:

    "freed": the account goes on with its e-mail address (log-in by e-mail, a reset link by mail), and a mail
        tells its owner, so a mistake comes to light;
    "closed": it had no e-mail, so nothing would be left to log in with: it is deleted as "delete my account"
        does (what it wrote stays as "a former neighbour"); only when `close` says the desk agreed to that;
    "confirm": no e-mail and `close` not given: nothing changed, the desk must agree first;
    "staff": a librarian's, coordinator's or administrator's account without e-mail: never closed at the desk
        (an administrator decides); "none": the account has no number. Committed."""
    if holder.phone is None:
        return "none"
    result = "freed" if holder.email else "staff" if holder.role != "resident" else "closed" if close else "confirm"
    if result not in ("freed", "closed"):
        return result
    account_id, by_id = holder.id, freed_by.id
    release = PhoneRelease(account_id=account_id, freed_by_id=by_id, closed=result == "closed")
    db.session.add(release)
    if result == "closed":
        delete_account(holder)
    else:
        # A conditional update: two desks freeing the number at the same moment log it once.
        if not rows_changed(db.session, update(User).where(User.id == account_id, User.phone.is_not(None))
                            .values(phone=None)):
            db.session.rollback()
            return "none"
        db.session.flush()
        with in_language(holder.language):
            queue_mail(f"phone-freed:{release.id}", holder.email,
                       _("Your phone number is off your Buurtbouw account"), _(
                "Hello %(name)s,\n\nAt the buurthuis desk your phone number was taken off your Buurtbouw account: "
                "someone showed that the number is theirs. You still log in with your e-mail address.\n\n"
                "Is this a mistake? Come to the buurthuis desk.", name=holder.name))
    db.session.commit()
    current_app.logger.info("phone freed account=%s by=%s closed=%s", account_id, by_id, result == "closed")
    return result


def find_at_desk(query: str) -> list[User]:
    """Return the accounts a librarian looks up at the desk: by phone (however written) or by part of the name."""
    text = query.strip()[:80]
    if not text:
        return []
    phone = normal_phone(text)
    if phone:
        where = User.phone == phone
    else:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where = User.name.ilike(pattern, escape="\\")
    return list(db.session.scalars(select(User).where(where).order_by(User.name, User.id).limit(FOUND_AT_DESK)))


def _code_hash(code: str) -> str:
    return _keyed("desk-code:" + code.strip().upper().replace("-", "").replace(" ", ""))


def issue_desk_code(user: User, issued_by: User) -> str:
    """Return a new one-time reset code for `user` to print on a slip; only its keyed hash is kept, with who
    issued it and when. Earlier unused codes of the account stop working. Committed."""
    code = "".join(secrets.choice(DESK_CODE_ALPHABET) for _ in range(DESK_CODE_LENGTH))
    now = utcnow()
    with write_transaction(db.session):
        db.session.execute(update(DeskCode).where(DeskCode.user_id == user.id, DeskCode.used_at.is_(None))
                           .values(expires_at=now))
        db.session.add(DeskCode(user_id=user.id, code_hash=_code_hash(code), issued_by_id=issued_by.id,
                                created_at=now, expires_at=now + DESK_CODE_LIFETIME))
    current_app.logger.info("desk code issued user=%s by=%s", user.id, issued_by.id)
    return code


def desk_codes_issued(user: User) -> list[DeskCode]:
    """Return the log of reset codes issued for `user` (who, when, used), newest first."""
    return list(db.session.scalars(select(DeskCode).where(DeskCode.user_id == user.id)
                                   .order_by(DeskCode.id.desc()).limit(10)))


def redeem_desk_code(phone: str, code: str, password: str) -> str:
    """Set a new password with a desk code: "ok", or why not ("wrong", "other", "used", "late"); changes
    nothing unless "ok". Used once: two tries at the same moment cannot both pass (a conditional update)."""
    user = find_user_by_phone(phone)
    if not isinstance(code, str) or len(code) > 40:
        return "wrong"
    row = db.session.scalar(select(DeskCode).where(DeskCode.code_hash == _code_hash(code)))
    if row is None or user is None:
        return "wrong" if row is None else "other"
    if row.user_id != user.id:
        return "other"
    if row.used_at is not None:
        return "used"
    now = utcnow()
    if row.expires_at <= now:
        return "late"
    with write_transaction(db.session):
        if not rows_changed(db.session, update(DeskCode).where(DeskCode.id == row.id, DeskCode.used_at.is_(None))
                            .values(used_at=now)):
            return "used"
        set_password(user, password)
        end_other_sessions(user, keep_current=False)
    return "ok"
