"""What paper adds to other pages: the weekly sheet on the home page and on the "use our information" page."""

from portal.core.registry import page_section


@page_section("home", order=90)
def sheet_on_home():
    """Offer this week's Buurtbericht to print or download, for the notice board or a neighbour without internet."""
    return "paper/_home.html", {}


@page_section("open-data", order=30)
def sheet_for_printing():
    """Offer the weekly sheet among the ways to take our information elsewhere (print, PDF, large print)."""
    return "paper/_home.html", {"open_data": True}
