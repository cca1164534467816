"""Putting a computer in kiosk mode, and taking it out again (librarians and admins)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.services import end_session
from portal.extensions import db
from portal.forms import EmptyForm
from portal.kiosk import bp, services
from portal.kiosk.forms import DeviceForm
from portal.kiosk.models import KioskDevice
from portal.permissions import get_or_404_for, role_required


@bp.route("/kiosk/devices", methods=["GET", "POST"])
@role_required("librarian")
def manage_devices():
    """List kiosk computers; put this computer in kiosk mode."""
    form = DeviceForm()
    if form.validate_on_submit():
        device, cookie = services.create_device(form.name.data, current_user)
        db.session.commit()
        end_session()  # the kiosk starts clean: the librarian logs in again, now with a kiosk's short session
        flash(_('This computer is now the kiosk "%(name)s".', name=device.name), "ok")
        response = redirect(url_for("kiosk.start"), 303)
        response.headers["Clear-Site-Data"] = '"cache", "storage"'
        services.set_cookie(response, cookie)
        return response
    return render_template("kiosk/devices.html", form=form, devices=services.device_list(), empty_form=EmptyForm(),
                           this_device=services.current_device()), 422 if form.errors else 200


@bp.post("/kiosk/devices/<int:device_id>/revoke")
@role_required("librarian")
def revoke_device(device_id: int):
    """Take a computer out of kiosk mode; its cookie no longer counts."""
    device = get_or_404_for(KioskDevice, device_id, visible=lambda found, _user: found.revoked_at is None)
    services.revoke(device)
    db.session.commit()
    flash(_('Kiosk "%(name)s" is switched off.', name=device.name), "ok")
    return redirect(url_for("kiosk.manage_devices"), 303)
