"""`python -m citizen_promises <kommando>`: the writer's commands, as make runs them.

    check            every problem in the content, and overdue follow-ups
    ny-uppdatering   a new update for a municipality's current promise (KOMMUN, RUBRIK)
    nytt-lofte       a new promise (KOMMUN, FRAN, TILL)
    ny-oversattning  a translation of a promise or an update (FIL, SPRAK)

What the writer typed after make reaches each command as data: make exports
KOMMUN, RUBRIK, FRAN, TILL, FIL and SPRAK unexpanded, and the command reads
them from its environment, so no shell and no make ever reads a backtick, a
`$` or a quote in them as code. An option on the command line (--kommun …)
wins over the environment. Each command ends with a Swedish sentence of its
own and exits 0 when it did what was asked, 1 when it did not.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import check, new_translation, scaffold

# Option → the environment variable make exports for it.
_VARIABLES = {"kommun": "KOMMUN", "rubrik": "RUBRIK", "fran": "FRAN", "till": "TILL", "fil": "FIL", "sprak": "SPRAK"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m citizen_promises", description="Skribentens kommandon, som make kör dem.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="kommando")
    commands.add_parser("check", help="kontrollera allt innehåll utan att bygga webbplatsen")
    update = commands.add_parser("ny-uppdatering", help="skriv en ny uppföljning av en kommuns löfte")
    update.add_argument("--kommun", help="kommunens namn eller adress (annars KOMMUN i miljön)")
    update.add_argument("--rubrik", help="uppföljningens rubrik, som också ger filnamnet (annars RUBRIK)")
    promise = commands.add_parser("nytt-lofte", help="skriv ett nytt löfte")
    promise.add_argument("--kommun", help="kommunens namn (annars KOMMUN)")
    promise.add_argument("--fran", help="löftets första dag, ÅÅÅÅ-MM-DD (annars FRAN)")
    promise.add_argument("--till", help="löftets sista dag, ÅÅÅÅ-MM-DD (annars TILL)")
    translation = commands.add_parser("ny-oversattning", help="skriv en översättning av ett löfte eller en uppföljning")
    translation.add_argument("--fil", help="originalets fil i promises/ eller updates/ (annars FIL)")
    translation.add_argument("--sprak", help="språkkoden, till exempel en (annars SPRAK)")
    return parser


class NotText(Exception):
    """A value that is not UTF-8 text, in Swedish."""


def _given(args: argparse.Namespace, option: str) -> str:
    value = getattr(args, option)
    if value is None:
        value = os.environ.get(_VARIABLES[option], "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # bytes that were not UTF-8, kept by Python as lone surrogates
        raise NotText(
            f"{_VARIABLES[option]} har tecken som inte är UTF-8, och så kan inget skrivas. "
            f"Ställ in terminalen på UTF-8 och skriv {_VARIABLES[option]} igen."
        ) from None
    return str(value)


def main(argv: Sequence[str] | None = None, root: Path = Path(".")) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args, root)
    except NotText as problem:
        print(problem, file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, root: Path) -> int:
    if args.command == "check":
        return check.main(root)
    if args.command == "ny-uppdatering":
        return scaffold.update_command(root, _given(args, "kommun"), _given(args, "rubrik"))
    if args.command == "nytt-lofte":
        return scaffold.promise_command(root, _given(args, "kommun"), _given(args, "fran"), _given(args, "till"))
    return new_translation.command(root, _given(args, "fil"), _given(args, "sprak"))


if __name__ == "__main__":
    sys.exit(main())
