"""Shared access helpers: roles, and loading an object only when the user may act on it."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from portal.extensions import db

T = TypeVar("T")
R = TypeVar("R")

ROLES = ("resident", "librarian", "coordinator", "admin")


# Places that cap the roles used there (on the kiosk computer nobody is more than a librarian): pairs of the
# highest role that counts and a check whether this request is at such a place. Features register with `role_cap`.
_ROLE_CAPS: list[tuple[str, Callable[[], bool]]] = []


def role_cap(highest: str, applies: Callable[[], bool]) -> None:
    """Let no role above `highest` count in requests where `applies()` is true."""
    if (highest, applies) not in _ROLE_CAPS:
        _ROLE_CAPS.append((highest, applies))


def effective_role(user: Any) -> str:
    """Return the role that counts now: the user's role, lowered by the cap of the place (the kiosk)."""
    role = user.role
    for highest, applies in _ROLE_CAPS:
        if ROLES.index(role) > ROLES.index(highest) and applies():
            role = highest
    return role


def has_role(user: Any, *roles: str) -> bool:
    """Tell whether `user` holds one of `roles`; an admin holds every role (but not on a kiosk)."""
    if not getattr(user, "is_authenticated", False):
        return False
    role = effective_role(user)
    return role == "admin" or role in roles


def role_required(*roles: str) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Let only users holding one of `roles` (or admins) through; 403 for everyone else."""

    def decorator(view: Callable[..., R]) -> Callable[..., R]:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> R:
            if not has_role(current_user, *roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def get_or_404_for(model: type[T], ident: int | None, permission: str | None = None, *,
                   load: Callable[[int], T | None] | None = None,
                   visible: Callable[[T, Any], bool] | None = None) -> T:
    """Load `model` by id: 404 when missing or hidden, 403 when `obj.<permission>(current_user)` is false.

    `load(ident)` replaces the plain lookup (to load what the page shows in the same query, or to filter by the
    initiatives visibility rule in SQL: None then means hidden). `visible(obj, current_user)` false is a 404 too,
    so that members-only things stay unknown to outsiders instead of answering "forbidden".
    """
    # The person first: loading them may write their session's last-seen time, and that commit would expire what
    # was loaded before it (a relationship loaded with the object, then refused as lazy='raise': a 500).
    viewer = current_user._get_current_object()
    obj = (load(ident) if load else db.session.get(model, ident)) if ident else None
    if obj is None or (visible is not None and not visible(obj, viewer)):
        abort(404)
    if permission and not getattr(obj, permission)(viewer):
        abort(403)
    return obj
