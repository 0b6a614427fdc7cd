"""How many of a commitment's counted thing, in words (contract 2.1): the one
place where a number is put before a unit, for every page, card, feed, widget
and evaluation, in every language.

With one of the thing known (``unit_singular``, or a translation's
``units_singular``), the noun follows the number in the grammatical number
that the language's plural rule (Babel's CLDR rules) gives for it: "1 insats",
"2 insatser", "1 av 15 insatser" (after "av 15" the noun agrees with 15).
Without it, no noun follows a bare number: the thing is named first
("insatser: 1 av 15"). A commitment without ``target`` counts nothing: it has
no count at all, only its status (``Commitment.counted``).

The sentences are the catalogs' (the msgids are Swedish); the units are the
writer's, as given to ``Unit``. A unit that is Markup (Swedish marked
``lang="sv"`` on a translated page) stays Markup, and the message around it
is escaped, so the result is safe to print in a template.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel import Locale
from markupsafe import Markup, escape

from .swedish import N_

if TYPE_CHECKING:
    from collections.abc import Callable

    from .i18n import Words
    from .model import Commitment
    from .translations import PromiseTranslation

Text = str | Markup

# The catalogs' sentences (the msgids are Swedish; babel.cfg reads N_ here).
COUNT = N_("%(num)s %(unit)s")  # "2 insatser", "1 insats"
COUNT_NAMED = N_("%(unit)s: %(num)s")  # "insatser: 1", no singular known
OF_TARGET = N_("%(done)s av %(target)s %(unit)s")  # "1 av 15 insatser"
OF_TARGET_NAMED = N_("%(unit)s: %(done)s av %(target)s")  # "insatser: 1 av 15"
OF_TARGET_BARE = N_("%(done)s av %(target)s")  # no unit at all
AT_LEAST = N_("minst %(num)s %(unit)s")  # "minst 15 insatser"
AT_LEAST_NAMED = N_("%(unit)s: minst %(num)s")
AT_LEAST_BARE = N_("minst %(num)s")


@dataclass(frozen=True)
class Unit:
    """The counted thing in one language: ``plural`` always, ``singular``
    (one of it) when the writer gave it, and the Babel locale whose plural
    rule picks between them (the language the noun is in)."""

    plural: Text
    singular: Text | None = None
    locale: str = "sv"

    def noun(self, number: int) -> Text | None:
        """The noun to write right after ``number``; None when it is not known."""
        if self.singular is None:
            return None
        return self.singular if _plural_form(self.locale, number) == "one" else self.plural


@functools.cache
def _plural_form(locale: str, number: int) -> str:
    return str(Locale.parse(locale).plural_form(number))


def unit_of(
    commitment: Commitment, translation: PromiseTranslation | None = None, locale: str = "sv", mark: Callable[[str], Text] = str,
) -> Unit | None:
    """The counted thing as a page in ``locale`` shows it: the translation's
    ``units``/``units_singular`` where given; else the original's Swedish unit,
    passed through ``mark`` (a translated page marks it ``lang="sv"``) and
    chosen by Swedish plural rules, since the noun is Swedish."""
    if not commitment.unit:
        return None
    if translation is not None and (plural := translation.units.get(commitment.id)):
        return Unit(plural, translation.units_singular.get(commitment.id), locale)
    singular = commitment.unit_singular
    return Unit(mark(commitment.unit), mark(singular) if singular else None, "sv")


def _say(words: Words, message: str, values: dict[str, object]) -> Text:
    text = words.gettext(message)
    if any(isinstance(v, Markup) for v in values.values()):
        return escape(text) % values
    return text % values


def count(words: Words, unit: Unit | None, number: int) -> Text:
    """``2 insatser``, ``1 insats``; ``insatser: 1`` without a singular; ``1`` without a unit."""
    if unit is None:
        return str(number)
    noun = unit.noun(number)
    if noun is None:
        return _say(words, COUNT_NAMED, {"num": number, "unit": unit.plural})
    return _say(words, COUNT, {"num": number, "unit": noun})


def of_target(words: Words, unit: Unit | None, done: int, target: int) -> Text:
    """``1 av 15 insatser`` (the noun agrees with the target); ``insatser: 1 av 15``
    without a singular; ``1 av 15`` without a unit."""
    if unit is None:
        return _say(words, OF_TARGET_BARE, {"done": done, "target": target})
    noun = unit.noun(target)
    if noun is None:
        return _say(words, OF_TARGET_NAMED, {"done": done, "target": target, "unit": unit.plural})
    return _say(words, OF_TARGET, {"done": done, "target": target, "unit": noun})


def at_least(words: Words, unit: Unit | None, target: int) -> Text:
    """``minst 15 insatser``: a target in words."""
    if unit is None:
        return _say(words, AT_LEAST_BARE, {"num": target})
    noun = unit.noun(target)
    if noun is None:
        return _say(words, AT_LEAST_NAMED, {"num": target, "unit": unit.plural})
    return _say(words, AT_LEAST, {"num": target, "unit": noun})
