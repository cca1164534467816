"""Initiatives: the neighbourhood's working groups, their members, and the one rule of who sees what."""
