"""The Atom feed stays well-formed XML whatever people type: every value is escaped."""

import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = "Tom & Jerry <b>bold</b> ]]> </content><entry><title>injected</title></entry> <![CDATA[x]]>"


def test_the_atom_feed_escapes_hostile_text_and_names(client, make_user, make_shout, make_initiative):
    """Text, names and initiatives with <, &, ]]> and </content> come out as text in a feed an XML parser reads."""
    author = make_user(name="Ann <script>&amp;</script>")
    initiative = make_initiative("Club <&> ]]>")
    make_shout(HOSTILE, author=author, thanked_name="Bob </title> & <Co>")
    make_shout("For the & and the <", author=author, thanked_name="", initiative=initiative)
    response = client.get("/applause/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)  # noqa: S314 - our own feed, parsed as a subscriber would
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2  # nothing injected
    newest, older = entries
    assert newest.find(f"{ATOM}content").text == "For the & and the <"
    assert newest.find(f"{ATOM}title").text.endswith("Club <&> ]]>!")
    assert older.find(f"{ATOM}content").text == HOSTILE
    assert "Bob </title> & <Co>" in older.find(f"{ATOM}title").text
    assert older.find(f"{ATOM}author/{ATOM}name").text == "Ann <script>&amp;</script>"


def test_every_template_is_escaped_except_plain_text(app):
    """HTML, Atom, XML and SVG templates escape what they write; only plain-text mail bodies are left as typed."""
    env = app.jinja_env
    for name in ("page.html", "applause/feed.atom", "sitemap.xml", "icon.svg", "agenda.ics", None):
        assert env.autoescape(name) if callable(env.autoescape) else env.autoescape, name
    assert not env.autoescape("mail/reminder.txt")
