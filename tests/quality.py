"""Helpers the quality-gate tests share: page weight and query counting."""

import gzip
import re

ASSET_RE = re.compile(r'(?:href|src)="(/static/[^"]+)"')
HTML_BUDGET = 15 * 1024
FIRST_VISIT_BUDGET = 50 * 1024


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def page_weight(client, path: str) -> tuple[int, int]:
    """Return (HTML gzipped, first visit gzipped: HTML plus every linked static file)."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    html = response.get_data()
    total = html_size = gzipped_size(html)
    for asset in sorted(set(ASSET_RE.findall(html.decode()))):
        with client.get(asset) as asset_response:
            total += gzipped_size(asset_response.get_data())
    return html_size, total


def queries_for(client, count_queries, path: str) -> int:
    """Return how many SQL statements one request for `path` runs."""
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(statements)


def steady_queries_for(client, count_queries, path: str) -> int:
    """Return how many SQL statements a request for `path` runs once warm: the smaller of two requests after a
    first one, so housekeeping that follows the clock is not counted as the page's."""
    client.get(path)
    seen = []
    for _twice in range(2):
        with count_queries() as statements:
            assert client.get(path).status_code == 200, path
        seen.append(len(statements))
    return min(seen)


def assert_within_budget(client, paths) -> None:
    """Assert every page is at most 15 KB gzipped and its first visit at most 50 KB gzipped."""
    for path in paths:
        html, total = page_weight(client, path)
        assert html <= HTML_BUDGET and total <= FIRST_VISIT_BUDGET, (path, html, total)


def queries_per_page(client, count_queries, paths) -> dict[str, int]:
    """Return the number of SQL statements each page runs."""
    return {path: queries_for(client, count_queries, path) for path in paths}
