"""Names never hold invisible signs: zero-width, direction overrides and other format or control characters."""

import pytest

from portal.forms import has_invisible

HIDDEN = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202d", "\u2066", "\u2069", "\u200f",
          "\u061c", "\u00ad", "\x00", "\x07", "\x1b", "\u2028", "\u2029", "\ue000"]


@pytest.mark.parametrize("char", HIDDEN)
def test_every_invisible_sign_is_caught(char):
    """Every format, control, private-use and separator character counts as invisible."""
    assert has_invisible(f"Fati{char}ma")


@pytest.mark.parametrize("name", ["Fatima", "Zoë O'Brien-Van Dijk", "محمد", "李小龍", "Jean-Luc 🙂", "Ängel"])
def test_real_names_pass(name):
    """Names in any script, with accents, apostrophes, hyphens or an emoji, are fine."""
    assert not has_invisible(name)


@pytest.mark.parametrize("char", ["\u200b", "\u202e"])
def test_registration_and_profile_refuse_invisible_names(app, client, login_as, char):
    """Register and the account page say so at the name field and keep nothing."""
    response = client.post("/register", data={"name": f"Amira{char}", "email": "a@example.org",
                                              "password": "tulips in the park"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="name-error"' in page and "onzichtbaar teken" in page
    login_as()
    response = client.post("/account", data={"name": f"Evil{char}gnp.exe", "language": "nl"})
    assert response.status_code == 422 and "onzichtbaar teken" in response.get_data(as_text=True)


def test_shout_outs_refuse_an_invisible_thanked_name(client, login_as):
    """A thanked name with a direction override is refused at the field."""
    login_as()
    response = client.post("/applause/new", data={"thanked_name": "Fatima\u202e", "text": "Dank je!"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="thanked_name-error"' in page and "onzichtbaar teken" in page


def test_walk_in_names_refuse_invisible_signs():
    """The walk-in name fields of bookings and task claims use the same check."""
    from portal.boards.forms import WalkinClaimForm
    from portal.venues.forms import BookingForm

    for form in (WalkinClaimForm, BookingForm):
        checks = [getattr(v, "__qualname__", "") for v in form.walkin_name.kwargs["validators"]]
        assert any("visible_name" in check for check in checks), form
