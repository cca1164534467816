"""Initiatives: the neighbourhood's working groups, their members, and the one rule of who sees what."""

from portal.initiatives import hooks  # noqa: E402,F401
