"""What paper adds to other pages: the weekly sheet on the home page and on the "use our information" page."""

from flask import current_app
from flask_login import current_user

from portal.core.registry import page_section
from portal.paper import digest


@page_section("home", order=90)
def sheet_on_home():
    """Offer this week's Buurtbericht to print or download, for the notice board or a neighbour without internet."""
    return "paper/_home.html", {}


@page_section("open-data", order=30)
def sheet_for_printing():
    """Offer the weekly sheet among the ways to take our information elsewhere (print, PDF, large print)."""
    return "paper/_home.html", {"open_data": True}


@page_section("account", order=30)
def digest_on_account():
    """Let a resident sign up for the weekly Buurtbericht by e-mail, or stop it."""
    return "paper/_digest_account.html", {"subscribed": digest.is_subscribed(current_user.id),
                                          "budget": current_app.config["ASK_BUDGET_PER_WEEK"]}
