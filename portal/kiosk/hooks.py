"""What the kiosk adds to accounts and roles: short sessions for who logs in on it, and no role above librarian."""

from datetime import timedelta

from portal.accounts import services as account_services
from portal.kiosk import services
from portal.pagecache import never_with_cookie
from portal.permissions import role_cap

account_services.register_shared_computer_policy(account_services.SharedComputerPolicy(
    applies=services.is_kiosk, idle_limit=timedelta(seconds=services.IDLE_SECONDS),
    # Pages that reload themselves are no sign of a person: the count-down's own question, and the applause wall
    # (a slide every 30 seconds) would otherwise keep whoever left it there logged in for ever.
    touch_every=timedelta(seconds=5), untouched_endpoints=frozenset({"kiosk.session_status", "applause.wall"}),
    computer_id=services.current_device_id))
# On the kiosk computer nobody is more than a librarian: coordinator and admin pages stay closed there.
role_cap("librarian", services.is_kiosk)
# A page on the kiosk computer is never the public page of the cache (both names: with and without HTTPS).
never_with_cookie(*services.COOKIE_NAMES)
