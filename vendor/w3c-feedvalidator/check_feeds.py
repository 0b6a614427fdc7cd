"""Validates every feed.xml under a built site with the W3C feed validator.

    python check_feeds.py SITE_DIR SITE_URL

Prints {feed path: [message, …]} as JSON: the errors and warnings the online
service shows (compatibility level "AA"), with line and column. A child
process of the tests: the validator replaces the socket module's default
timeout when it is imported, which the test process should not inherit.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import feedvalidator  # noqa: E402
from feedvalidator import compatibility  # noqa: E402
from feedvalidator.formatter.text_plain import Formatter  # noqa: E402


def main(site: Path, site_url: str) -> dict[str, list[str]]:
    found = {}
    for path in sorted(site.rglob("feed.xml")):
        name = path.relative_to(site).as_posix()
        # The feed's own public address: its atom:link rel="self" must match it.
        result = feedvalidator.validateString(path.read_bytes(), firstOccurrenceOnly=1, base=site_url.rstrip("/") + "/" + name)
        found[name] = list(Formatter(compatibility.AA(result["loggedEvents"])))
    return found


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2]), ensure_ascii=False))
