"""Signals by which features tell each other what happened, without importing each other.

A feature sends; others listen (connect in their own package at import). Senders pass plain values (ids, numbers),
never another feature's model objects, so a listener needs nothing from the sender's package; and never titles or
names, which a listener would copy: what it shows of the thing, it asks the thing's feature when it is shown
(registry.thanks_subject). A listener may answer with the link (a path on this site) to what it made of the news, so
the sender can point to it.
"""

from blinker import Namespace

_signals = Namespace()

# A task is done. Keyword arguments: task_id, initiative_id, doer_ids (ids of the accounts that did it),
# walkin_count (people without an account who helped), members_only (the initiative keeps the task for its members).
# The applause machine answers with the link to its thanks.
task_finished = _signals.signal("task-finished")

# A visitor chose the language of the pages (already kept in their browser session). Keyword argument: language.
# Accounts listens, to keep it on the account as well: at once when logged in, else at the log-in that follows.
language_chosen = _signals.signal("language-chosen")

# An event took place. Keyword arguments: event_id, initiative_id, helper_ids (accounts that had a shift),
# walkin_count (helpers without an account), people_came (a plain number, or None), members_only (the event is for
# the initiative's members: so is whatever is made of it). The applause machine thanks the helpers and answers with
# the link to its thanks.
event_took_place = _signals.signal("event-took-place")

# An idea from the ideas box became something (a task, an initiative, a talk). Keyword arguments: idea_id,
# kind ("task", "initiative", ...), proposer_id (the account that proposed it, or None for a resident
# without one), initiative_id (where what it became lives, for who may see the thanks). The applause machine
# answers with the link to its automatic thanks to the proposer.
idea_realised = _signals.signal("idea-realised")

# An initiative became public or members-only (the caller commits). Keyword arguments: initiative_id, visibility
# ("public" or "members"). Features that keep a copy of who may see something outside the one visibility rule
# (a room booking shows its title to everyone when it is public) bring it in line, in the same transaction.
initiative_visibility_changed = _signals.signal("initiative-visibility-changed")

# Something an initiative keeps for its members became members-only, or open again to all who may see the initiative
# (an event's "for members only", and with it its shifts' tasks). Keyword arguments: kind ("event", "task"), ids,
# members_only. Features that made something of those things (the applause's thank-you for them) bring it in line,
# in the same transaction.
members_only_changed = _signals.signal("members-only-changed")
