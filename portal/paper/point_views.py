"""Distribution points, for coordinators: where paper goes, who brings it, and which points got this week's sheet."""

from flask import redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.core.time import today
from portal.forms import EmptyForm
from portal.htmx import action_response, render
from portal.messages import flash_at
from portal.paper import bp, points, services
from portal.paper.forms import PointForm
from portal.paper.models import DistributionPoint
from portal.permissions import get_or_404_for, role_required


def _page(form: PointForm, status: int = 200):
    week = services.monday_of(today())
    return render("paper/points.html", status=status, form=form, week=week, overview=points.week_overview(week),
                  make_form=EmptyForm())


@bp.route("/buurtbericht/punten", methods=["GET", "POST"])
@role_required("coordinator")
def manage_points():
    """List the distribution points with this week's paper, and add a point (POST)."""
    form = PointForm()
    if request.method == "POST":
        if not form.validate():
            return _page(form, 422)
        point = points.save_point(None, **form.values())
        flash_at("paper-points", _("%(name)s is a distribution point now.", name=point.name))
        return redirect(url_for("paper.manage_points", _anchor="paper-points"), 303)
    return _page(form)


@bp.route("/buurtbericht/punten/<int:point_id>", methods=["GET", "POST"])
@role_required("coordinator")
def edit_point(point_id: int):
    """Change a distribution point (or stop bringing paper there)."""
    point = get_or_404_for(DistributionPoint, point_id, load=points.get_point)
    form = PointForm(obj=point, leave_out=point.id, kept=point.initiative_id)
    if request.method == "GET":
        form.initiative.data = point.initiative_id or 0
    if request.method == "POST" and form.validate():
        points.save_point(point, **form.values())
        flash_at(point.dom_id, _("Saved."))
        return redirect(url_for("paper.manage_points", _anchor=point.dom_id), 303)
    return render("paper/point_form.html", status=422 if form.errors else 200, form=form, point=point)


@bp.post("/buurtbericht/punten/taken")
@role_required("coordinator")
def make_week_tasks():
    """Put this week's distribution task for every point on its board (once a week: a second press adds none)."""
    form = EmptyForm()
    week = services.monday_of(today())
    made = points.make_week_tasks(week) if form.validate() else 0
    message = ngettext("%(num)s distribution task put on the boards.", "%(num)s distribution tasks put on the boards.",
                       made) if made else _("This week's distribution tasks are on the boards already.")
    return action_response("paper/_week.html", url_for("paper.manage_points"), message, anchor="paper-week",
                           week=week, overview=points.week_overview(week), make_form=EmptyForm())
