"""Share without an app: one builder of plain prefilled links for every feature (portal/share.py)."""

from urllib.parse import parse_qs, unquote, urlsplit

from portal import share

URL = "https://buurt.example/tasks/7"


def test_links_carry_the_text_and_address_and_nothing_else():
    """WhatsApp, Telegram and e-mail links are plain addresses with the text filled in, no tracking parameter."""
    text = share.message(["Wie helpt? Stoelen & tafels", "2 mensen nodig"], URL)
    links = share.links(text, URL, "Stoelen & tafels")
    assert links.text == "Wie helpt? Stoelen & tafels\n2 mensen nodig\n" + URL
    assert links.whatsapp.startswith("https://wa.me/?text=")
    assert unquote(links.whatsapp.split("text=", 1)[1]) == text
    telegram = parse_qs(urlsplit(links.telegram).query)
    assert urlsplit(links.telegram).netloc == "t.me" and set(telegram) == {"url", "text"}
    assert telegram["url"] == [URL] and URL not in telegram["text"][0]  # Telegram shows the address itself
    mail = parse_qs(urlsplit(links.mail).query)
    assert links.mail.startswith("mailto:?") and mail == {"subject": ["Stoelen & tafels"], "body": [text]}


def test_a_long_text_is_cut_but_the_address_never_is():
    """A message stays within the limit for a group chat; lines are cut with an ellipsis, the address stays whole."""
    text = share.message(["Titel", "x" * 5000, "nog een regel"], URL, limit=300)
    assert len(text) <= 300 and text.endswith("\n" + URL)
    assert text.startswith("Titel\n") and "…" in text
    assert share.message(["a" * 50], URL, limit=10) == URL


def test_control_characters_do_not_reach_the_links():
    """NUL and other control characters are dropped from the text; CR/LF in a subject cannot add mail headers."""
    text = share.message(["Taal\x00café", "", "   ", "regel\x07"], URL)
    assert text == "Taalcafé\nregel\n" + URL
    links = share.links(text, URL, "Onderwerp\r\nBcc: iemand@example.org")
    subject = parse_qs(urlsplit(links.mail).query)["subject"][0]
    assert "\r" not in subject and "\n" not in subject and "%0D" not in links.mail.split("&body=")[0]
