"""The compare rules: which products a shopper may line up, and how the session keeps them.

Plain code: no ORM, no request. The views hand in slugs and the session mapping; the
table builder lives in compare/comparison.py. SESSION_KEY below is compare's only session key
(the shop's are in shop/session_keys.py, content's in content/session_keys.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

COMPARE_LIMIT = 3
MIN_TO_COMPARE = 2
SESSION_KEY = "compare"

# Product.slug is at most 200 characters; anything longer cannot name a product.
MAX_SLUG_LENGTH = 200
# Only this much of a ?p= value is read: enough for three long slugs and their commas, and a
# 3,000-character paste cannot make us split and look up thousands of names.
MAX_PARAM_LENGTH = COMPARE_LIMIT * (MAX_SLUG_LENGTH + 1) + 50
_SLUG_RE = re.compile(r"^[-a-z0-9_]+$")


def limit_message() -> str:
    return ngettext(
        "You can compare up to %(limit)d product at a time.",
        "You can compare up to %(limit)d products at a time.",
        COMPARE_LIMIT,
    ) % {"limit": COMPARE_LIMIT}


def normalise_slug(raw: object) -> str | None:
    """A slug as products are stored (trimmed, lower case), or None when it cannot be one."""
    if not isinstance(raw, str):
        return None
    slug = raw.strip().lower()
    if not slug or len(slug) > MAX_SLUG_LENGTH or not _SLUG_RE.match(slug):
        return None
    return slug


@dataclass(frozen=True)
class CompareSelection:
    """The products a shopper has picked to compare, in the order they picked them."""

    slugs: tuple[str, ...] = ()

    def __contains__(self, slug: object) -> bool:
        return slug in self.slugs

    def __len__(self) -> int:
        return len(self.slugs)

    @property
    def count(self) -> int:
        return len(self.slugs)

    @property
    def is_full(self) -> bool:
        return len(self.slugs) >= COMPARE_LIMIT

    @property
    def can_compare(self) -> bool:
        return len(self.slugs) >= MIN_TO_COMPARE

    @classmethod
    def from_stored(cls, stored: object) -> CompareSelection:
        """Rebuild a selection from what the session held, tolerating anything odd in it."""
        if not isinstance(stored, list | tuple):
            return cls()
        slugs: list[str] = []
        for item in stored:
            slug = normalise_slug(item)
            if slug and slug not in slugs:
                slugs.append(slug)
        return cls(tuple(slugs[:COMPARE_LIMIT]))


@dataclass(frozen=True)
class SelectionResult:
    """What a pick or removal did: the new selection, whether it was accepted, and what to tell the shopper."""

    selection: CompareSelection
    accepted: bool
    changed: bool
    message: str


def add_to_selection(selection: CompareSelection, slug: str, *, name: str = "") -> SelectionResult:
    """A shopper can pick up to three products; a fourth is refused and a repeat pick changes nothing."""
    label = name or slug
    if slug in selection:
        return SelectionResult(
            selection,
            accepted=True,
            changed=False,
            message=_("“%(name)s” is already in your comparison.") % {"name": label},
        )
    if selection.is_full:
        return SelectionResult(
            selection,
            accepted=False,
            changed=False,
            message=_("“%(name)s” was not added. %(limit)s Remove one to make room.")
            % {"name": label, "limit": limit_message()},
        )
    return SelectionResult(
        CompareSelection((*selection.slugs, slug)),
        accepted=True,
        changed=True,
        message=_("Added “%(name)s” to your comparison.") % {"name": label},
    )


def remove_from_selection(selection: CompareSelection, slug: str, *, name: str = "") -> SelectionResult:
    """Removing a product keeps the others in the order they were picked; removing an absent one is harmless."""
    label = name or slug
    kept = tuple(s for s in selection.slugs if s != slug)
    return SelectionResult(
        CompareSelection(kept),
        accepted=True,
        changed=len(kept) != len(selection.slugs),
        message=_("Removed “%(name)s” from your comparison.") % {"name": label},
    )


def clear_selection(selection: CompareSelection) -> SelectionResult:
    return SelectionResult(
        CompareSelection(),
        accepted=True,
        changed=bool(selection.slugs),
        message=_("Your comparison is empty."),
    )


@dataclass(frozen=True)
class ParsedSlugs:
    """The products named in a comparison URL: the first three valid slugs, and notes on anything set aside."""

    slugs: tuple[str, ...]
    beyond_limit: tuple[str, ...] = ()
    invalid_count: int = 0
    truncated: bool = False

    @property
    def notes(self) -> tuple[str, ...]:
        notes = []
        if self.beyond_limit:
            notes.append(
                ngettext(
                    "%(limit)s Showing the first %(limit_count)d; %(count)d more was left out.",
                    "%(limit)s Showing the first %(limit_count)d; %(count)d more were left out.",
                    len(self.beyond_limit),
                )
                % {"limit": limit_message(), "limit_count": COMPARE_LIMIT, "count": len(self.beyond_limit)}
            )
        if self.invalid_count or self.truncated:
            notes.append(_("Part of the link could not be read as product names and was ignored."))
        return tuple(notes)


def parse_compare_param(raw: str | None) -> ParsedSlugs:
    """Read "a,b,c" from a comparison link: trimmed, lower-cased, repeats dropped, at most three kept in order."""
    raw = raw or ""
    truncated = len(raw) > MAX_PARAM_LENGTH
    if truncated:
        # Cut at the last comma inside the bound so no slug is read half-way through.
        raw = raw[:MAX_PARAM_LENGTH].rsplit(",", 1)[0]
    slugs: list[str] = []
    invalid = 0
    for part in raw.split(","):
        if not part.strip():
            continue  # ",,," and trailing commas are noise, not mistakes worth reporting
        slug = normalise_slug(part)
        if slug is None:
            invalid += 1
        elif slug not in slugs:
            slugs.append(slug)
    return ParsedSlugs(
        slugs=tuple(slugs[:COMPARE_LIMIT]),
        beyond_limit=tuple(slugs[COMPARE_LIMIT:]),
        invalid_count=invalid,
        truncated=truncated,
    )


class Reconciled(NamedTuple):
    """A selection checked against the catalogue: what is still on sale, and what dropped out."""

    kept: CompareSelection
    dropped: tuple[str, ...]

    def note(self, names: dict[str, str] | None = None) -> str:
        if not self.dropped:
            return ""
        names = names or {}
        listed = ", ".join(f"“{names.get(slug, slug)}”" for slug in self.dropped)
        return ngettext(
            "%(products)s is no longer available and was removed from your comparison.",
            "%(products)s are no longer available and were removed from your comparison.",
            len(self.dropped),
        ) % {"products": listed}


def reconcile(selection: CompareSelection, known_active_slugs: Iterable[str]) -> Reconciled:
    """Products taken off sale or deleted since they were picked drop out; the rest keep their order."""
    active = set(known_active_slugs)
    kept = tuple(slug for slug in selection.slugs if slug in active)
    dropped = tuple(slug for slug in selection.slugs if slug not in active)
    return Reconciled(CompareSelection(kept), dropped)


def compare_query(slugs: Iterable[str]) -> str:
    """The ?p= value for a comparison link: slugs in order, comma-separated (commas stay readable)."""
    return ",".join(slugs)


def selection_save(*, session: MutableMapping, selection: CompareSelection) -> None:
    """Keep the selection in the session as a plain list of slugs (JSON-serialisable, order kept)."""
    if selection.slugs:
        session[SESSION_KEY] = list(selection.slugs)
    else:
        session.pop(SESSION_KEY, None)
