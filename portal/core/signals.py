"""Signals by which features tell each other what happened, without importing each other.

A feature sends; others listen (connect in their own package at import). Senders pass plain values (ids,
titles), never another feature's model objects, so a listener needs nothing from the sender's package.
"""

from blinker import Namespace

_signals = Namespace()

# A task is done. Keyword arguments: task_id, initiative_id, title, doer_ids (ids of the accounts that did it),
# walkin_count (people without an account who helped).
task_finished = _signals.signal("task-finished")
