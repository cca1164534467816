"""What the ideas box adds to other pages: navigation, the home page, reports that wait, account data, the
daily clean-up, and "an initiative" as something an idea can become."""

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from portal.accounts import services as account_services
from portal.accounts.models import User
from portal.accounts.names import names_public
from portal.core.registry import (
    LogLine,
    ModerationSource,
    PosterSource,
    Waiting,
    idea_target,
    initiative_section,
    moderation_page_endpoint,
    moderation_source,
    nav_item,
    page_section,
    poster_source,
    purge_step,
    thanks_subject,
    waiting_count,
)
from portal.core.urls import public_url_for
from portal.extensions import db
from portal.ideas import services
from portal.initiatives import services as initiatives
from portal.permissions import has_role

nav_item("ideas.list_ideas", _l("Ideas"), order=25)
account_services.ACCOUNT_DELETERS.append(services.forget_person)
account_services.DATA_EXPORTERS["ideas"] = services.export_person


@page_section("home", order=20)
def ideas_at_home():
    """Show the newest open ideas on the home page, one tap from proposing one."""
    ideas = services.home_ideas(current_user)
    return "ideas/_home.html", {"ideas": ideas, "tallies": services.tallies(current_user, ideas),
                                "public": names_public()}


@initiative_section(order=40)
def ideas_on_initiative_page(initiative, viewer):
    """Show the newest ideas for this initiative on its page, with "I have an idea" for it."""
    ideas, _cursor = services.list_page(viewer, size=3, initiative_id=initiative.id)
    return "ideas/_initiative.html", {"initiative": initiative, "ideas": ideas,
                                      "tallies": services.tallies(viewer, ideas),
                                      "public": names_public(viewer)}


@waiting_count(order=25)
def reported_comments(user) -> Waiting | None:
    """Tell coordinators how many reported reactions on ideas wait for a look."""
    if not has_role(user, "coordinator"):
        return None
    count = services.count_open_reports()
    return Waiting(count, ngettext("%(num)s reported reaction on an idea waits for a look",
                                   "%(num)s reported reactions on ideas wait for a look", count),
                   moderation_page_endpoint() or "ideas.moderation")


def _moderation_section(limit: int) -> tuple[str, dict]:
    """Return the reported and hidden reactions on ideas, with their actions and the titles of their ideas (as
    they read now, of the ideas the reader may see), for the one moderation queue."""
    queue = services.moderation_queue(limit)
    ideas = {comment.idea_id for comment in (*queue["reported"], *queue["hidden"])}
    return "ideas/_moderation.html", {**queue, "titles": services.titles(ideas, current_user)}


def _moderation_log(limit: int) -> list[LogLine]:
    """Return the newest lines of the ideas' moderation log, for the queue's one log: each names its idea by the
    title it has now, when the reader may see it."""
    entries = services.log_entries(limit)
    titles = services.titles({entry.idea_id for entry in entries}, current_user)
    return [LogLine(entry.at, entry.actor, entry.action,
                    _("a reaction on the idea “%(title)s”", title=titles[entry.idea_id]) if entry.idea_id in titles
                    else _("a reaction on an idea"),
                    url_for("ideas.show_idea", idea_id=entry.idea_id, _anchor=f"comment-{entry.comment_id}"),
                    entry.reason) for entry in entries]


# Reactions on ideas are moderated where shout-outs are: one queue, the same actions, one log.
moderation_source(ModerationSource("ideas", _l("Reactions on ideas"), _moderation_section, _moderation_log,
                                   order=20))


@purge_step
def purge_visitor_contacts() -> str:
    """Remove visitors' phone numbers from ideas that are done or put aside for a few weeks."""
    weeks = current_app.config.get("IDEA_CONTACT_WEEKS", 4)
    return f"visitor contact details removed from {services.purge_visitor_contacts(weeks)} idea(s)"


def _create_initiative(title: str, description: str, initiative_id: int | None, actor_id: int) -> tuple[int, int]:
    """Start an initiative from an idea; members-only when the idea was (so nothing of it leaks)."""
    parent = initiatives.get_visible(initiative_id, None) if initiative_id else None
    visibility = "members" if initiative_id and parent is None else "public"
    initiative = initiatives.create(title, description, visibility, db.session.get(User, actor_id))
    return initiative.id, initiative.id


def _describe_initiative(initiative_id: int, viewer) -> tuple[str, str] | None:
    initiative = initiatives.get_visible(initiative_id, viewer)
    if initiative is None:
        return None
    return initiative.name, url_for("initiatives.show_initiative", initiative_id=initiative.id)


idea_target("initiative", _l("a new initiative"), _create_initiative, _describe_initiative,
            needs_initiative=False, order=20)


@poster_source("idea")
def idea_poster(idea_id: int) -> PosterSource | None:
    """Say what a poster of an idea shows (its title, its state, its text), for an idea anyone may see; else None."""
    idea = services.load_idea(idea_id, None)
    if idea is None:
        return None
    return PosterSource(idea.title, idea.status_label, idea.initiative.name if idea.initiative else "", idea.text,
                        public_url_for("ideas.show_idea", idea_id=idea.id))


@thanks_subject("idea")
def ideas_thanked_for(idea_ids: list[int], viewer) -> dict[int, str]:
    """Name the ideas an automatic thank-you is for, to whoever may see them (a members-only initiative's idea to its
    members, also when what it became is public): one query."""
    return services.titles(set(idea_ids), viewer)
