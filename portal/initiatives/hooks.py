"""What initiatives add to shared pages: memberships in "download my data", and posters of public initiatives."""

from portal.accounts import services as account_services
from portal.core.registry import PosterSource, poster_source
from portal.core.urls import public_url_for
from portal.initiatives import services

account_services.DATA_EXPORTERS["memberships"] = services.export_person


@poster_source("initiative")
def initiative_poster(initiative_id: int) -> PosterSource | None:
    """Say what a poster of a public initiative shows: when and where it meets, its purpose; None when members-only."""
    initiative = services.get_visible(initiative_id, None)
    if initiative is None:
        return None
    return PosterSource(initiative.name, initiative.meets_when, initiative.meets_where,
                        initiative.purpose or initiative.description,
                        public_url_for("initiatives.show_initiative", initiative_id=initiative.id))
