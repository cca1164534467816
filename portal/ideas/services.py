"""Ideas box rules: proposing, reacting once per kind even under double taps, comments and their moderation,
status, turning an idea into something else, and the clean-up of visitors' contact details."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Executable,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    delete,
    false,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal.accounts.models import User, Viewer
from portal.core.registry import IdeaTarget, idea_targets
from portal.core.signals import idea_realised
from portal.db import rows_changed, utcnow, write_transaction
from portal.extensions import db
from portal.ideas.models import REACTIONS, Idea, IdeaComment, IdeaCommentReport, IdeaModerationEntry, IdeaReaction
from portal.initiatives import services as initiatives
from portal.permissions import has_role

PAGE_SIZE = 10
COMMENTS_SHOWN = 100
CLOSED = ("done", "not_now")
Once = TypeVar("Once", Idea, IdeaComment)


class AlreadyRealised(Exception):
    """The idea became something already (perhaps a moment ago, in another tab)."""


def visible(user: Viewer) -> ColumnElement[bool]:
    """Return a condition on Idea: no initiative, or one `user` may see (members-only ideas stay with members)."""
    return initiatives.linked_visible(user, Idea.initiative_id, optional=True)


def _with_people(query: Select) -> Select:
    return query.options(joinedload(Idea.proposer), joinedload(Idea.initiative))


def _list_statement(one_initiative: bool, one_status: bool, before: bool, open_only: bool = False
                    ) -> Callable[[Viewer], Executable]:
    def build(viewer: Viewer) -> Executable:
        query = select(Idea).where(visible(viewer))
        if one_initiative:
            query = query.where(Idea.initiative_id == bindparam("initiative_id", type_=Integer))
        if one_status:
            query = query.where(Idea.status == bindparam("status"))
        if open_only:
            query = query.where(Idea.status.not_in(CLOSED))
        if before:
            query = query.where(Idea.id < bindparam("before", type_=Integer))
        return _with_people(query).order_by(Idea.id.desc()).limit(bindparam("limit", type_=Integer))
    return build


def list_page(user: Viewer, status: str | None = None, before: int | None = None, size: int = PAGE_SIZE,
              initiative_id: int | None = None) -> tuple[list[Idea], int | None]:
    """Return one page of the ideas `user` may see, newest first, and the cursor of the next page (keyset on id);
    only those with `status`, or of one initiative, when given. One query; its statement is built once per role
    and shape (`run_visible`): building it, with the visibility rule, cost more than running it."""
    shape = (bool(initiative_id), bool(status), bool(before))
    ideas = list(initiatives.run_visible("ideas.list", user, shape, _list_statement(*shape), {
        "initiative_id": initiative_id or None, "status": status, "before": before or None, "limit": size + 1,
    }).scalars())
    next_cursor = ideas[size - 1].id if len(ideas) > size else None
    return ideas[:size], next_cursor


def _one_statement(viewer: Viewer) -> Executable:
    return _with_people(select(Idea).where(Idea.id == bindparam("idea_id", type_=Integer), visible(viewer)))


def load_idea(idea_id: int, user: Viewer) -> Idea | None:
    """Return one idea with its proposer and initiative, if `user` may see it (a statement built once per role)."""
    return initiatives.run_visible("ideas.one", user, (), _one_statement, {"idea_id": idea_id}).scalar()


# The tallies' statements, built once: the ideas' ids and the person are bound parameters.
_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_REACTION_COUNTS = select(IdeaReaction.idea_id, IdeaReaction.kind, func.count()).where(
    IdeaReaction.idea_id.in_(_IDS)).group_by(IdeaReaction.idea_id, IdeaReaction.kind)
_MY_REACTIONS = select(IdeaReaction.idea_id, IdeaReaction.kind).where(
    IdeaReaction.user_id == bindparam("user_id", type_=Integer), IdeaReaction.idea_id.in_(_IDS))
_COMMENT_COUNTS = select(IdeaComment.idea_id, func.count()).where(
    IdeaComment.idea_id.in_(_IDS), IdeaComment.hidden.is_(False)).group_by(IdeaComment.idea_id)


def tallies(user: Viewer, ideas: list[Idea]) -> dict:
    """Return, for the given ideas, the count of each reaction, the reactions of `user` and the comment counts.

    Three queries whatever the number of ideas or reactions (two for a visitor), each along an index.
    """
    ids = [idea.id for idea in ideas]
    counts: dict[int, dict[str, int]] = {idea_id: dict.fromkeys(REACTIONS, 0) for idea_id in ids}
    mine: dict[int, set[str]] = defaultdict(set)
    comments: dict[int, int] = dict.fromkeys(ids, 0)
    if not ids:
        return {"counts": counts, "mine": mine, "comments": comments}
    for idea_id, kind, number in db.session.execute(_REACTION_COUNTS, {"ids": ids}):
        counts[idea_id][kind] = number
    if getattr(user, "is_authenticated", False):
        for idea_id, kind in db.session.execute(_MY_REACTIONS, {"ids": ids, "user_id": user.id}):
            mine[idea_id].add(kind)
    for idea_id, number in db.session.execute(_COMMENT_COUNTS, {"ids": ids}):
        comments[idea_id] = number
    return {"counts": counts, "mine": mine, "comments": comments}


def _once(model: type[Once], row: Once, submit_token: str | None) -> Once:
    """Add `row`, made by the form with `submit_token`, or return the row that form made already.

    The unique token column decides, also when two taps arrive at the same moment: the later insert fails (on
    PostgreSQL after waiting for the first to commit) and finds the first one's row. The caller commits.
    """
    if not submit_token:
        db.session.add(row)
        db.session.flush()
        return row
    query = select(model).where(model.submit_token == submit_token)
    made = db.session.scalar(query)
    if made is not None:
        return made
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        made = db.session.scalar(query)
        if made is None:
            raise
        return made
    return row


def propose(title: str, text: str, kind: str, initiative_id: int | None, proposer: User | None,
            visitor_name: str | None = None, visitor_phone: str | None = None, show_visitor_name: bool = False,
            recorded_by: User | None = None, submit_token: str | None = None) -> Idea:
    """Add an idea or a talk; a resident without an account leaves a name and phone. A second submit of the same
    form (its `submit_token`) returns the idea the first one made. The caller commits."""
    idea = Idea(title=title.strip(), text=(text or "").strip(), kind=kind, initiative_id=initiative_id or None,
                proposer_id=proposer.id if proposer else None,
                visitor_name=None if proposer else (visitor_name or "").strip() or None,
                visitor_phone=None if proposer else (visitor_phone or "").strip() or None,
                show_visitor_name=bool(show_visitor_name and not proposer),
                recorded_by_id=recorded_by.id if recorded_by else None, submit_token=submit_token)
    return _once(Idea, idea, submit_token)


def react(idea_id: int, user_id: int, kind: str, on: bool) -> bool:
    """Say "ik kom" (or take it back); return whether the reaction stands now (committed).

    The form says which state it wants, so a double tap asks for the same state twice; the primary key
    (idea, person, kind) keeps it one reaction, even when both taps arrive at once.
    """
    with write_transaction(db.session):
        if not on:
            db.session.execute(delete(IdeaReaction).where(IdeaReaction.idea_id == idea_id,
                                                          IdeaReaction.user_id == user_id, IdeaReaction.kind == kind))
            return False
        try:
            with db.session.begin_nested():
                db.session.execute(insert(IdeaReaction).values(idea_id=idea_id, user_id=user_id, kind=kind,
                                                               created_at=utcnow()))
        except IntegrityError:
            pass  # the same person's other tap got there a moment ago: one reaction it stays
    return True


def comments_of(idea: Idea, user: Viewer) -> list[IdeaComment]:
    """Return the comments on an idea, oldest first: hidden ones only to coordinators (marked) and their writer."""
    query = select(IdeaComment).options(joinedload(IdeaComment.author)).where(IdeaComment.idea_id == idea.id)
    if not has_role(user, "coordinator"):
        own = IdeaComment.author_id == user.id if getattr(user, "is_authenticated", False) else false()
        query = query.where(or_(IdeaComment.hidden.is_(False), own))
    return list(db.session.scalars(query.order_by(IdeaComment.id.desc()).limit(COMMENTS_SHOWN)))[::-1]


def add_comment(idea: Idea, author: User, text: str, submit_token: str | None = None) -> IdeaComment:
    """Add a short comment; it shows at once. A second submit of the same form (its `submit_token`) returns the
    comment the first one made. The caller commits."""
    return _once(IdeaComment, IdeaComment(idea_id=idea.id, author_id=author.id, text=text.strip(),
                                          submit_token=submit_token), submit_token)


def load_comment(comment_id: int, user: Viewer) -> IdeaComment | None:
    """Return a comment on an idea `user` may see."""
    return db.session.scalar(select(IdeaComment).join(Idea, Idea.id == IdeaComment.idea_id)
                             .where(IdeaComment.id == comment_id, visible(user)))


def report_comment(comment: IdeaComment, user: User) -> None:
    """Record that `user` finds a comment wrong, once per person even when sent twice at once (committed); not their
    own comment (no button offers it; a hand-made request records nothing)."""
    if comment.author_id == user.id:
        return
    try:
        with write_transaction(db.session):
            db.session.add(IdeaCommentReport(comment_id=comment.id, user_id=user.id))
    except IntegrityError:
        pass  # reported already: the unique (comment, person) pair keeps it one report


def set_comment_hidden(comment: IdeaComment, actor: User, hidden: bool, reason: str = "") -> None:
    """Hide or show a comment, and log who did it and when; its reports count as handled. The caller commits."""
    comment.hidden = hidden
    db.session.add(IdeaModerationEntry(comment_id=comment.id, idea_id=comment.idea_id, actor_id=actor.id,
                                       action="hide" if hidden else "unhide", reason=reason))
    db.session.execute(update(IdeaCommentReport).where(IdeaCommentReport.comment_id == comment.id)
                       .values(handled=True))


def dismiss_reports(comment: IdeaComment, actor: User, reason: str = "") -> bool:
    """Close the open reports on a comment without hiding it (the words are fine), and log it; False when none
    was open (handled a moment ago by someone else). The caller commits."""
    if not rows_changed(db.session, update(IdeaCommentReport).where(
            IdeaCommentReport.comment_id == comment.id, IdeaCommentReport.handled.is_(False)).values(handled=True)):
        return False
    db.session.add(IdeaModerationEntry(comment_id=comment.id, idea_id=comment.idea_id, actor_id=actor.id,
                                       action="dismiss", reason=reason))
    return True


def log_entries(limit: int = 50) -> list[IdeaModerationEntry]:
    """Return the newest entries of the ideas' moderation log, with who made them, newest first."""
    return list(db.session.scalars(select(IdeaModerationEntry).options(joinedload(IdeaModerationEntry.actor))
                                   .order_by(IdeaModerationEntry.id.desc()).limit(limit)))


def count_open_reports() -> int:
    """Count the reported comments nobody has handled yet."""
    return db.session.scalar(select(func.count(func.distinct(IdeaCommentReport.comment_id)))
                             .where(IdeaCommentReport.handled.is_(False))) or 0


def moderation_queue(limit: int = 50) -> dict:
    """Return reported comments not yet handled, and hidden ones (the log is the queue's one log)."""
    reported_ids = select(IdeaCommentReport.comment_id).where(IdeaCommentReport.handled.is_(False))
    reported = db.session.scalars(select(IdeaComment).options(joinedload(IdeaComment.author))
                                  .where(IdeaComment.id.in_(reported_ids)).order_by(IdeaComment.id.desc())
                                  .limit(limit)).all()
    hidden = db.session.scalars(select(IdeaComment).options(joinedload(IdeaComment.author))
                                .where(IdeaComment.hidden.is_(True)).order_by(IdeaComment.id.desc())
                                .limit(limit)).all()
    return {"reported": reported, "hidden": hidden}


def _titles_statement(viewer: Viewer) -> Executable:
    return select(Idea.id, Idea.title).where(Idea.id.in_(_IDS), visible(viewer))


def titles(idea_ids: set[int], user: Viewer) -> dict[int, str]:
    """Return {idea id: title} of these ideas that `user` may see (one query, its statement built once per role:
    lists of thank-yous ask it); the others are left out."""
    if not idea_ids:
        return {}
    rows = initiatives.run_visible("ideas.titles", user, (), _titles_statement, {"ids": list(idea_ids)})
    return {idea_id: title for idea_id, title in rows}


def can_manage(idea: Idea, user: Viewer) -> bool:
    """Tell whether `user` may change the idea's status and turn it into something: coordinators, and the carriers
    of the idea's initiative (one query for a member, none for a coordinator or a visitor)."""
    if idea.can_manage(user):
        return True
    if idea.initiative_id is None or not getattr(user, "is_authenticated", False):
        return False
    return initiatives.can_edit(idea.initiative, user)


def set_status(idea: Idea, status: str, reason: str = "") -> None:
    """Change the status; "not now" keeps its reason (a database check), the others drop it. The caller commits."""
    idea.status = status
    idea.status_reason = reason.strip() if status == "not_now" else ""
    idea.status_changed_at = utcnow()


def realise(idea_id: int, target: IdeaTarget, title: str, description: str, initiative_id: int | None,
            actor: User) -> list[str]:
    """Turn an idea into a task, an initiative or another registered thing, keep the link, and thank the proposer.

    One serialised transaction: the idea row is locked and changes only while it became nothing yet, so two
    coordinators pressing at once make one thing. Returns the links listeners answered with (the thanks).
    """
    with write_transaction(db.session):
        db.session.execute(select(Idea.id).where(Idea.id == idea_id).with_for_update())
        idea = db.session.get(Idea, idea_id)
        if idea is None or idea.became_kind is not None:
            raise AlreadyRealised()
        made_id, home_id = target.create(title.strip(), description.strip(), initiative_id, actor.id)
        if rows_changed(db.session, update(Idea).where(Idea.id == idea_id, Idea.became_kind.is_(None)).values(
                became_kind=target.kind, became_id=made_id, status="planned", status_reason="",
                status_changed_at=utcnow())) != 1:
            raise AlreadyRealised()
        answers = idea_realised.send(None, idea_id=idea.id, kind=target.kind,
                                     proposer_id=idea.proposer_id, initiative_id=home_id)
    db.session.expire_all()
    return [link for _listener, link in answers if isinstance(link, str)]


def purge_visitor_contacts(weeks: int) -> int:
    """Remove visitors' phone numbers (and names they did not want shown) from ideas done or "not now" for
    `weeks` weeks; return how many ideas changed. The caller commits."""
    since = utcnow() - timedelta(weeks=weeks)
    return rows_changed(db.session, update(Idea).where(
        Idea.proposer_id.is_(None), Idea.status.in_(CLOSED), Idea.status_changed_at < since,
        or_(Idea.visitor_phone.is_not(None), and_(Idea.visitor_name.is_not(None), Idea.show_visitor_name.is_(False))),
    ).values(visitor_phone=None, visitor_name=case((Idea.show_visitor_name.is_(True), Idea.visitor_name), else_=None)))


def export_person(user: User) -> dict:
    """Return the ideas a person proposed, their reactions, comments and reports, for "download my data"."""
    ideas = db.session.scalars(select(Idea).where(Idea.proposer_id == user.id).order_by(Idea.id)).all()
    reactions = db.session.execute(select(IdeaReaction.idea_id, IdeaReaction.kind, IdeaReaction.created_at)
                                   .where(IdeaReaction.user_id == user.id).order_by(IdeaReaction.idea_id)).all()
    comments = db.session.scalars(select(IdeaComment).where(IdeaComment.author_id == user.id)
                                  .order_by(IdeaComment.id)).all()
    reports = db.session.scalars(select(IdeaCommentReport).where(IdeaCommentReport.user_id == user.id)
                                 .order_by(IdeaCommentReport.id)).all()
    return {"ideas_proposed": [{"id": idea.id, "kind": idea.kind, "title": idea.title, "text": idea.text,
                                "status": idea.status, "created_at": idea.created_at.isoformat()} for idea in ideas],
            "reactions": [{"idea_id": idea_id, "reaction": kind, "created_at": at.isoformat()}
                          for idea_id, kind, at in reactions],
            "comments": [{"idea_id": c.idea_id, "text": c.text, "hidden": c.hidden,
                          "created_at": c.created_at.isoformat()} for c in comments],
            "reports_made": [{"comment_id": r.comment_id, "created_at": r.created_at.isoformat()} for r in reports]}


def forget_person(user: User) -> None:
    """When an account is deleted: its reactions and reports go; its ideas and comments stay, unsigned."""
    db.session.execute(delete(IdeaReaction).where(IdeaReaction.user_id == user.id))
    db.session.execute(delete(IdeaCommentReport).where(IdeaCommentReport.user_id == user.id))
    db.session.execute(update(Idea).where(Idea.proposer_id == user.id).values(proposer_id=None))
    db.session.execute(update(Idea).where(Idea.recorded_by_id == user.id).values(recorded_by_id=None))
    db.session.execute(update(IdeaComment).where(IdeaComment.author_id == user.id).values(author_id=None))


def home_ideas(user: Viewer, size: int = 3) -> list[Idea]:
    """Return the newest open ideas `user` may see, for the home page (a statement built once per role)."""
    return list(initiatives.run_visible("ideas.home", user, (), _list_statement(False, False, False, True),
                                        {"limit": size}).scalars())


def became(idea: Idea, user: Viewer) -> dict | None:
    """Return what the idea became, for `user`: its kind's label, and its title and link when they may see it."""
    if idea.became_kind is None or idea.became_id is None:
        return None
    target = next((target for target in idea_targets() if target.kind == idea.became_kind), None)
    if target is None:
        return None
    described = target.describe(idea.became_id, user)
    return {"label": str(target.label), "title": described[0] if described else None,
            "path": described[1] if described else None}
