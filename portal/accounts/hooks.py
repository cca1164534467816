"""What accounts listen to from the core: the language a person chose for the pages."""

from flask import session
from flask_login import current_user

from portal.accounts import services
from portal.core.signals import language_chosen
from portal.i18n import SESSION_ONLY


@language_chosen.connect
def keep_language(_sender: object, language: str, **_extra: object) -> None:
    """A person chose a language: keep it on their account, now or when they log in next in this browser. On a
    shared computer (the kiosk) it holds for this session only: whoever chose it, the account keeps its own."""
    if services.on_shared_computer():
        session[SESSION_ONLY] = True
        return
    if current_user.is_authenticated:
        services.set_language(current_user, language)
    else:
        services.keep_language_for_log_in(language)
