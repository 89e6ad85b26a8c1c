"""Codes with a translatable label, like Django's TextChoices, for the rule modules.

Django keeps TextChoices in django.db, which the rules never import (an import-linter contract says so);
this is the same idea in plain Python: `Province.ON == "ON"`, `Province.ON.label`, `Province.choices`
(for a model field or a form) and `Province.values`.
"""

from __future__ import annotations

import enum


class _LabelledType(enum.EnumType):
    @property
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]

    @property
    def values(cls) -> list[str]:
        return [member.value for member in cls]

    @property
    def labels(cls) -> list[str]:
        return [member.label for member in cls]


class LabelledChoices(enum.StrEnum, metaclass=_LabelledType):
    """Each member is written `CODE = "code", _("Label")` and is the plain string "code" everywhere else."""

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    # Templates must not call the class to make a member (Django's Choices do the same).
    do_not_call_in_templates = enum.nonmember(True)

    # Equal to its code, so it must hash like its code: dicts keyed by members answer plain strings.
    def __hash__(self) -> int:
        return hash(self.value)
