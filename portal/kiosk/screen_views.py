"""The screen in the buurthuis: public pages in turn (the applause wall, this week's agenda, tasks), moving on by
a meta refresh (no JavaScript needed); and where a librarian chooses them per kiosk."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.extensions import db
from portal.kiosk import bp, services
from portal.kiosk.forms import ScreenForm
from portal.kiosk.models import KioskDevice
from portal.permissions import get_or_404_for, role_required


@bp.get("/kiosk/scherm")
def screen():
    """Show one page of this kiosk's rotation, large; the page moves on to the next after its seconds."""
    pages, seconds = services.screen_rotation(services.current_device())
    page, following = services.screen_step(pages, request.args.get("p"))
    response = render_template(f"kiosk/screen_{page}.html", page=page, seconds=seconds,
                               next_url=url_for("kiosk.screen", p=following), **services.screen_content(page))
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/kiosk/devices/<int:device_id>/screen", methods=["GET", "POST"])
@role_required("librarian")
def edit_screen(device_id: int):
    """Choose what the screen of one kiosk shows in turn, and for how many seconds each page."""
    device = get_or_404_for(KioskDevice, device_id, visible=lambda found, _user: found.revoked_at is None)
    pages, seconds = services.screen_rotation(device)
    form = ScreenForm(data={"seconds": seconds, **{f"show_{page}": True for page in pages}})
    if form.validate_on_submit():
        services.set_rotation(device, form.pages(), form.seconds.data)
        db.session.commit()
        flash(_('The screen of "%(name)s" is saved.', name=device.name), "ok")
        return redirect(url_for("kiosk.manage_devices"), 303)
    return render_template("kiosk/screen_settings.html", form=form, device=device), 422 if form.errors else 200
