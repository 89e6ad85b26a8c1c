"""What every demo loader shares: the run's options, progress lines and an idempotent upsert."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TextIO

from django.db import models

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"


@dataclass
class DemoContext:
    """One run of load_demo: where to print, how big to draw images, the port the shop is served on,
    whether the production settings are in use, and what to say at the end."""

    stdout: TextIO
    image_size: int = 800
    port: int = 8000
    production: bool = False
    closing_lines: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.stdout.write(line + "\n")

    def report(self, label: str, outcomes: Iterable[str]) -> None:
        """One progress line per kind of thing: "Products: 3 created, 15 already present"."""
        counts = Counter(outcomes)
        parts = []
        if counts[CREATED]:
            parts.append(f"{counts[CREATED]} created")
        if counts[UPDATED]:
            parts.append(f"{counts[UPDATED]} updated")
        if counts[UNCHANGED]:
            parts.append(f"{counts[UNCHANGED]} already present")
        self.say(f"{label}: {', '.join(parts) or 'nothing to load'}")


Loader = Callable[[DemoContext], None]


def sync(
    model: type[models.Model],
    lookup: Mapping[str, Any],
    values: Mapping[str, Any],
    *,
    initial: Mapping[str, Any] | None = None,
) -> tuple[models.Model, str]:
    """Create the row, or bring `values` up to date; `initial` values are only set on creation.

    Unlike update_or_create, an unchanged row is not saved, so a second run leaves
    timestamps (and the search index) alone. Stock is passed as `initial` because a shop that
    has taken orders must not have its stock reset by a re-run.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values, **(initial or {}))
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        return obj, CREATED
    changed = [name for name, value in values.items() if _differs(getattr(obj, name), value)]
    if not changed:
        return obj, UNCHANGED
    for name in changed:
        setattr(obj, name, values[name])
    obj.save(update_fields=[*changed, *_auto_now_fields(obj)])
    return obj, UPDATED


def _differs(current: Any, wanted: Any) -> bool:
    if isinstance(current, models.Model) or isinstance(wanted, models.Model):
        return getattr(current, "pk", None) != getattr(wanted, "pk", None)
    if current is None or wanted is None:
        return current is not wanted
    if isinstance(current, Decimal) or isinstance(wanted, Decimal):
        # Compare as numbers: the database may hand back Decimal("12.0") for a wanted Decimal("12").
        return Decimal(str(current)) != Decimal(str(wanted))
    return current != wanted


def _auto_now_fields(obj: models.Model) -> list[str]:
    return [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
