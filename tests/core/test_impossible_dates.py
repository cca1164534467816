"""A conditional request with a date no datetime holds is answered as if it had no date: never a 500."""

import pytest

IMPOSSIBLE = "Thu, 01 Jan 99999999999999999999 00:00:00 GMT"


@pytest.mark.parametrize("headers", [{"If-Modified-Since": IMPOSSIBLE}, {"If-Range": IMPOSSIBLE, "Range": "bytes=0-9"}])
def test_a_static_file_ignores_a_date_with_an_impossible_year(client, headers):
    """A year too large for any number is no date: the file (or the asked range of it) is served as to a request
    without that header."""
    response = client.get("/static/css/portal.css", headers=headers)
    assert response.status_code in (200, 206) and response.data


def test_a_readable_date_still_counts(client):
    """A real If-Modified-Since after the file's last change still gets 304."""
    first = client.get("/static/css/portal.css")
    again = client.get("/static/css/portal.css", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 304
