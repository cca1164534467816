"""Signals by which features tell each other what happened, without importing each other.

A feature sends; others listen (connect in their own package at import). Senders pass plain values (ids,
titles), never another feature's model objects, so a listener needs nothing from the sender's package. A listener
may answer with the link (a path on this site) to what it made of the news, so the sender can point to it.
"""

from blinker import Namespace

_signals = Namespace()

# A task is done. Keyword arguments: task_id, initiative_id, title, doer_ids (ids of the accounts that did it),
# walkin_count (people without an account who helped). The applause machine answers with the link to its thanks.
task_finished = _signals.signal("task-finished")

# A visitor chose the language of the pages (already kept in their browser session). Keyword argument: language.
# Accounts listens, to keep it on the account as well: at once when logged in, else at the log-in that follows.
language_chosen = _signals.signal("language-chosen")

# An event took place. Keyword arguments: event_id, initiative_id, title, helper_ids (accounts that had a shift),
# walkin_count (helpers without an account), people_came (a plain number, or None). Sent for events open to
# everyone, and for members-only events of a members-only initiative (whatever belongs to that initiative is seen
# by its members only). The applause machine thanks the helpers and answers with the link to its thanks.
event_took_place = _signals.signal("event-took-place")

# An idea from the ideas box became something (a task, an initiative, a talk). Keyword arguments: idea_id, title
# (the idea's), kind ("task", "initiative", ...), proposer_id (the account that proposed it, or None for a resident
# without one), initiative_id (where what it became lives, for who may see the thanks). The applause machine
# answers with the link to its automatic thanks to the proposer.
idea_realised = _signals.signal("idea-realised")

# An initiative became public or members-only (the caller commits). Keyword arguments: initiative_id, visibility
# ("public" or "members"). Features that keep a copy of who may see something outside the one visibility rule
# (a room booking shows its title to everyone when it is public) bring it in line, in the same transaction.
initiative_visibility_changed = _signals.signal("initiative-visibility-changed")
