"""The catalogue in the shopper's language: every selector that shows catalogue text reads it through here.

A product's, category's or option's text in the active language is its translation's (shop.models.translations)
when there is one and that field is not blank, else the English column. It is read in the same query as the
rows themselves, as `shown_<field>` columns: one join on the translation for the active language's Locale and
a COALESCE, so no page costs a query more in French than in English. In the shop's own language the
columns are the English ones, unchanged.

Model instances read for display get their text fields swapped for the shown ones (`show_*` below); they are
marked as shown in a language (`shown_language`) and refuse to be saved, so French never lands in an English
column.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import F, FilteredRelation, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from wagtail.models import Locale

from config.languages import content_language
from shop.models import OptionTranslation

PRODUCT_TEXT = ("name", "summary", "description", "material", "sizes", "ingredients")
CATEGORY_TEXT = ("name", "description")
OPTION_TEXT = ("colour", "size")


def catalogue_language() -> str | None:
    """The active language as a Locale's language code, or None when it is the shop's own (the English columns)."""
    language = content_language()
    return None if language == content_language(settings.LANGUAGE_CODE) else language


def _locale_id(language: str) -> Subquery:
    # Inside the join's condition: the database looks the locale up once, and Python never does.
    return Subquery(Locale.objects.filter(language_code=language).values("pk")[:1])


def _shown(field: str, translated: str | None) -> F | Coalesce:
    if translated is None:
        return F(field)
    # A blank translated field counts as missing, so the English shows rather than nothing. Every text column
    # reads back as a str, whichever kind of field it is (CharField, TextField, RichTextField).
    return Coalesce(NullIf(F(translated), Value(""), output_field=TextField()), F(field), output_field=TextField())


def _with_text(queryset: QuerySet, *, relation: str, fields: tuple[str, ...], via: str, prefix: str) -> QuerySet:
    language = catalogue_language()
    join = f"{prefix}_tr"
    if language is not None:
        queryset = queryset.annotate(
            **{
                join: FilteredRelation(
                    f"{via}{relation}", condition=Q(**{f"{via}{relation}__locale": _locale_id(language)})
                )
            }
        )
    return queryset.annotate(
        **{
            f"{prefix}_{field}": _shown(f"{via}{field}", f"{join}__{field}" if language is not None else None)
            for field in fields
        }
    )


def with_product_text(
    queryset: QuerySet, *, via: str = "", fields: tuple[str, ...] = PRODUCT_TEXT, prefix: str = "shown"
) -> QuerySet:
    """`queryset` with `<prefix>_<field>` for each product text field in the active language.

    `via` is the path from the queryset's model to the product ("variant__product__"), "" on products.
    """
    return _with_text(queryset, relation="translations", fields=fields, via=via, prefix=prefix)


def with_category_text(
    queryset: QuerySet, *, via: str = "", fields: tuple[str, ...] = CATEGORY_TEXT, prefix: str = "shown_category"
) -> QuerySet:
    """`queryset` with `<prefix>_<field>` for each category text field in the active language."""
    return _with_text(queryset, relation="translations", fields=fields, via=via, prefix=prefix)


def with_option_text(queryset: QuerySet, *, via: str = "", prefix: str = "shown") -> QuerySet:
    """`queryset` with `<prefix>_colour` and `<prefix>_size`: a variant's options in the active language.

    `via` is the path from the queryset's model to the variant ("variants__" on products, "" on variants).
    """
    language = catalogue_language()
    annotations = {}
    for field in OPTION_TEXT:
        if language is None:
            annotations[f"{prefix}_{field}"] = F(f"{via}{field}")
            continue
        glossary = OptionTranslation.objects.filter(
            locale__language_code=language, value=OuterRef(f"{via}{field}")
        ).values("translation")[:1]
        translated = NullIf(Subquery(glossary), Value(""), output_field=TextField())
        annotations[f"{prefix}_{field}"] = Coalesce(translated, F(f"{via}{field}"), output_field=TextField())
    return queryset.annotate(**annotations)


def _show(instance, values: dict[str, object]) -> None:
    language = catalogue_language()
    for field, value in values.items():
        if value is not None:
            setattr(instance, field, value)
    if language is not None:
        instance.shown_language = language


def show_product_text(product, source=None, *, prefix: str = "shown") -> None:
    """Put the shown text (annotated on `source`, the product itself by default) in the product's fields."""
    source = product if source is None else source
    _show(product, {field: getattr(source, f"{prefix}_{field}", None) for field in PRODUCT_TEXT})


def show_category_text(category, source=None, *, prefix: str = "shown_category") -> None:
    source = category if source is None else source
    _show(category, {field: getattr(source, f"{prefix}_{field}", None) for field in CATEGORY_TEXT})


def show_option_text(variant, source=None, *, prefix: str = "shown") -> None:
    source = variant if source is None else source
    _show(variant, {field: getattr(source, f"{prefix}_{field}", None) for field in OPTION_TEXT})
