"""Initiative pages: one initiative, start and edit one, join and leave, roles, a message to its contact person."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import pagecache, photos
from portal.accounts.models import User
from portal.accounts.names import shown_name
from portal.core.registry import initiative_sections
from portal.extensions import db, limiter
from portal.forms import EmptyForm
from portal.htmx import action_response
from portal.initiatives import bp, services
from portal.initiatives.forms import InitiativeForm, MessageForm, RoleForm
from portal.initiatives.models import Initiative
from portal.messages import flash_at
from portal.pagecache import cacheable
from portal.permissions import get_or_404_for, has_role, role_required
from portal.web import back_to

# Whether an initiative (or a board's head) takes new work, for the templates: the initiatives' one rule.
bp.add_app_template_global(services.takes_new_work, "takes_new_work")


def load_initiative_for(initiative_id: int) -> tuple[Initiative, str | None]:
    """Load an initiative the person may see (404 otherwise: members-only ones stay unknown) and their role."""
    role = services.role_of(initiative_id, current_user)
    initiative = get_or_404_for(Initiative, initiative_id,
                                visible=lambda found, user: found.can_see(user, role is not None))
    return initiative, role


def load_for_editing(initiative_id: int) -> tuple[Initiative, str | None]:
    """Load an initiative its carriers and coordinators may edit: 404 when hidden, 403 for everyone else."""
    initiative, role = load_initiative_for(initiative_id)
    if not services.can_edit(initiative, current_user, role):
        abort(403)
    return initiative, role


def _page(initiative_id: int) -> str:
    return url_for("initiatives.show_initiative", initiative_id=initiative_id)


@bp.get("/initiatives/<int:initiative_id>")  # the English address; url_for gives the Dutch one (added first)
@bp.get("/initiatieven/<int:initiative_id>")
@cacheable
def show_initiative(initiative_id: int):
    """Show one initiative: what it does, when and where it meets, how to join, and what other features add."""
    page = services.page_of(initiative_id, current_user)  # one query: the initiative, counts, role, contact
    role, contact = page.role, page.contact
    initiative = get_or_404_for(Initiative, initiative_id, load=lambda _ident: page.initiative,
                                visible=lambda found, user: found.can_see(user, role is not None))
    return render_template("initiatives/show.html", initiative=initiative, role=role,
                           contact_name=shown_name(contact, not current_user.is_authenticated) if contact else None,
                           members=page.members, can_edit=services.can_edit(initiative, current_user, role),
                           sections=initiative_sections(initiative, current_user), labels=services)


@bp.route("/initiatives/new", methods=["GET", "POST"])
@bp.route("/initiatieven/nieuw", methods=["GET", "POST"])
@role_required("coordinator")
def create_initiative():
    """Start an initiative (coordinators); whoever starts it carries it, and may show themselves as contact."""
    form = InitiativeForm()
    if form.validate_on_submit() and _name_free(form) and (photo := _photo(form)) is not False:
        initiative = services.create(form.name.data, "", form.visibility.data, current_user,
                                     **{field: form[field].data or "" for field in services.FIELDS if field != "name"})
        if photo:
            services.set_photo(initiative, photo.name, photo.width, photo.height)
        db.session.commit()
        if form.be_contact.data:
            services.become_contact(initiative.id, current_user)
        flash(_("%(name)s has its page. Add the first tasks to its board.", name=initiative.name), "ok")
        return redirect(_page(initiative.id), 303)
    return render_template("initiatives/form.html", form=form, initiative=None), 422 if form.errors else 200


@bp.route("/initiatieven/<int:initiative_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit_initiative(initiative_id: int):
    """Change every field of an initiative (its carriers and coordinators; visibility: coordinators only)."""
    initiative, role = load_for_editing(initiative_id)
    contact = services.contact_of(initiative.id)
    form = InitiativeForm(obj=initiative, has_contact=contact is not None)
    if not has_role(current_user, "coordinator"):
        del form.visibility
    if role not in services.CARRYING:  # only a carrier can be the contact (a coordinator may be no member at all)
        del form.be_contact
    elif request.method == "GET":
        form.be_contact.data = role == "contact"
    if request.method == "GET" and not initiative.story:
        form.story.data = initiative.description  # an initiative from before the story: its old text starts it
    if form.validate_on_submit() and _name_free(form, initiative) and (photo := _photo(form)) is not False:
        _save(initiative, form, photo, role)
        flash(_("Saved."), "ok")
        return redirect(_page(initiative.id), 303)
    return render_template("initiatives/form.html", form=form, initiative=initiative), 422 if form.errors else 200


def _name_free(form: InitiativeForm, initiative: Initiative | None = None) -> bool:
    """Tell whether the name is free (or the initiative's own); else put the message at the field."""
    name = form.name.data.strip()
    if (initiative is None or name != initiative.name) and services.name_taken(name):
        form.name.errors = [_("There is an initiative with this name already.")]
        return False
    return True


def _photo(form: InitiativeForm):
    """Store an uploaded photo: the StoredPhoto, None when there is none, False (message at the field) if refused."""
    upload = form.photo.data
    if not (upload and getattr(upload, "filename", "")):
        return None
    try:
        return photos.store_upload(upload, current_user.id)
    except photos.PhotoError as error:
        form.photo.errors = [str(error)]
        return False


def _save(initiative: Initiative, form: InitiativeForm, photo, role: str | None) -> None:
    """Write the edit form to the initiative (committed), with its photo, contact and visibility."""
    services.update_fields(initiative, **{field: form[field].data or "" for field in services.FIELDS})
    old = None
    if photo:
        old = services.set_photo(initiative, photo.name, photo.width, photo.height)
    elif form.remove_photo.data:
        old = services.set_photo(initiative, None)
    if "visibility" in form and form.visibility.data != initiative.visibility:
        services.set_visibility(initiative, form.visibility.data)
        pagecache.clear()  # a page kept for visitors must not outlive the switch to members-only
    db.session.commit()
    if old:
        photos.delete_photo(old)
    if "be_contact" in form:
        if form.be_contact.data and role != "contact":
            services.become_contact(initiative.id, current_user)
        elif not form.be_contact.data and role == "contact":
            services.set_role(initiative.id, current_user.id, "carrier")


@bp.post("/initiatieven/<int:initiative_id>/meedoen")
@login_required
def join(initiative_id: int):
    """Join an initiative."""
    initiative, _role = load_initiative_for(initiative_id)
    if not services.join(initiative.id, current_user):
        return _membership_answer(initiative, _("This initiative has stopped. You cannot join it any more."),
                                  "error")
    return _membership_answer(initiative, _("Welcome to %(name)s!", name=initiative.name))


@bp.post("/initiatieven/<int:initiative_id>/verlaten")
@login_required
def leave(initiative_id: int):
    """Leave an initiative."""
    initiative, _role = load_initiative_for(initiative_id)
    services.leave(initiative.id, current_user)
    if not services.can_see(initiative, current_user):  # a members-only one is gone from sight now
        flash(_("You left %(name)s.", name=initiative.name), "ok")
        return redirect(url_for("boards.list_boards"), 303)
    return _membership_answer(initiative, _("You left %(name)s.", name=initiative.name))


def _membership_answer(initiative: Initiative, message: str, category: str = "ok"):
    """Answer join and leave: htmx gets the join box with the message in it; others go back (the initiative's page,
    or the board they came from: `next`), the message at the box or, on a page without one, at the top."""
    role = services.role_of(initiative.id, current_user)
    return action_response("initiatives/_join.html", back_to(_page(initiative.id), "join"), message, category,
                           anchor="join", initiative=initiative, role=role,
                           contact=services.contact_of(initiative.id) is not None,
                           members=services.member_counts([initiative.id]).get(initiative.id, 0))


@bp.route("/initiatieven/<int:initiative_id>/bericht", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"])
def message_contact(initiative_id: int):
    """Send the contact person a message, through the outbox: their address is never shown."""
    initiative, _role = load_initiative_for(initiative_id)
    contact = get_or_404_for(User, initiative.id, load=services.contact_of)  # no contact person: nobody to write to
    form = MessageForm()
    if form.validate_on_submit():
        services.message_contact(initiative, current_user, form.text.data)
        db.session.commit()
        flash_at("join", _("Your message is on its way to %(name)s.", name=shown_name(contact, public=False)))
        return redirect(_page(initiative.id) + "#join", 303)
    return render_template("initiatives/message.html", form=form, initiative=initiative,
                           contact_name=shown_name(contact, public=False)), 422 if form.errors else 200


@bp.get("/initiatieven/<int:initiative_id>/leden")
@login_required
def list_members(initiative_id: int):
    """Show the members and their roles, to the initiative's carriers and coordinators, to hand out roles."""
    initiative, _role = load_for_editing(initiative_id)
    return render_template("initiatives/members.html", initiative=initiative,
                           members=services.members(initiative.id), labels=services.ROLE_LABELS)


@bp.post("/initiatieven/<int:initiative_id>/leden/<int:user_id>")
@login_required
def set_role(initiative_id: int, user_id: int):
    """Make a member a carrier, or a carrier (or the contact) a member again."""
    initiative, _role = load_for_editing(initiative_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    if not services.set_role(initiative.id, user_id, form.role.data):
        abort(404)  # not a loader: the person is no member (set_role changed nothing)
    flash_at(f"member-{user_id}", _("The role is changed."))
    return redirect(url_for("initiatives.list_members", initiative_id=initiative.id) + f"#member-{user_id}", 303)


@bp.post("/initiatieven/<int:initiative_id>/aanspreekpunt")
@login_required
def become_contact(initiative_id: int):
    """A carrier makes themselves the contact person (they agree to be shown), or stops being it."""
    initiative, role = load_initiative_for(initiative_id)
    if role not in services.CARRYING or not EmptyForm().validate_on_submit():
        abort(403)
    if role == "contact":
        services.set_role(initiative.id, current_user.id, "carrier")
        message = _("You are no longer the contact person.")
    else:
        services.become_contact(initiative.id, current_user)
        message = _("You are the contact person now.")
    flash_at("join", message)
    return redirect(_page(initiative.id) + "#join", 303)


@bp.get("/initiatieven/fotos/<name>.jpg")
def photo(name: str):
    """Serve an initiative's cleaned photo, sandboxed, cached for a long time (its name never changes), only to who
    may see the initiative: the photo store holds other features' photos too, and a group may turn members-only."""
    initiative = services.with_photo(name.removesuffix("-s"), current_user)
    if initiative is None:
        abort(404)  # not a loader: a photo is found by its name; none of a group this person may see
    response = photos.send_photo(name)
    if initiative.visibility != "public":  # no shared cache may keep a members-only group's photo
        response.cache_control.public = False
        response.cache_control.private = True
    return response


# The pages that lived under /boards before: old links and bookmarks land on the new ones (308 keeps a POST).
@bp.route("/boards/new", methods=["GET", "POST"])
def old_create_initiative():
    """Send the old "start an initiative" address to the new one."""
    return redirect(url_for("initiatives.create_initiative"), 308)


@bp.post("/boards/<int:initiative_id>/join")
def old_join(initiative_id: int):
    """Send the old join address to the new one."""
    return redirect(url_for("initiatives.join", initiative_id=initiative_id), 308)


@bp.post("/boards/<int:initiative_id>/leave")
def old_leave(initiative_id: int):
    """Send the old leave address to the new one."""
    return redirect(url_for("initiatives.leave", initiative_id=initiative_id), 308)

