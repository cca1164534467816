"""One way to put the CSRF token in a form: the `csrf_field` macro, never a hand-written input."""

import re
from pathlib import Path

from flask import render_template_string
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MACROS = TEMPLATES / "_macros" / "forms.html"
BY_HAND = re.compile(r'name=["\']csrf_token["\']|csrf_token\(\)\s*}}\s*["\']?>|\.hidden_tag\(')


class NoteForm(FlaskForm):
    kind = HiddenField(default="note")
    text = StringField()


def test_no_template_writes_the_csrf_input_by_hand():
    """Outside the forms macros no template writes a CSRF input or calls hidden_tag()."""
    offenders = [f"{path.relative_to(TEMPLATES)}:{number}"
                 for path in sorted(TEMPLATES.rglob("*.html")) if path != MACROS
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if BY_HAND.search(line)]
    assert offenders == []


def test_the_scan_catches_a_hand_written_input():
    """The pattern of the scan above matches the forms it forbids, and not the macro call."""
    assert BY_HAND.search('<input type="hidden" name="csrf_token" value="{{ csrf_token() }}">')
    assert BY_HAND.search("{{ form.hidden_tag() }}")
    assert not BY_HAND.search("{{ csrf_field(form) }}")


def test_csrf_field_has_no_id_and_carries_the_forms_hidden_fields(app):
    """Two forms on a page give two tokens without a repeated id; a form's own hidden fields come along."""
    template = ('{% from "_macros/forms.html" import csrf_field %}'
                '<form>{{ csrf_field(form) }}{{ form.text() }}</form><form>{{ csrf_field() }}</form>')
    with app.test_request_context("/"):
        html = render_template_string(template, form=NoteForm())
    assert html.count('<input type="hidden" name="csrf_token" value="') == 2 and 'id="csrf_token"' not in html
    assert '<input id="kind" name="kind" type="hidden" value="note">' in html
    assert html.count('type="hidden"') == 3
