"""Tags shared by articles, images and documents (django-taggit's Tag): how often each is used, and merging two.

Every model that tags things with taggit's Tag (ArticlePageTag, and taggit's generic TaggedItem that Wagtail's
images and documents use) is found from Tag's reverse relations, so a tag's count and a merge cover them all.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from taggit.models import ItemBase, Tag


def tagged_item_relations() -> list:
    """Tag's reverse relations from the models that tag things with it."""
    return [
        relation
        for relation in Tag._meta.related_objects
        if relation.one_to_many and issubclass(relation.related_model, ItemBase)
    ]


def with_usage_counts(tags: QuerySet[Tag]) -> QuerySet[Tag]:
    """Tags annotated with `usage_count`: how many things carry each, one subquery per tagging model."""
    total = Value(0, output_field=IntegerField())
    for relation in tagged_item_relations():
        per_tag = (
            relation.related_model.objects.filter(**{relation.field.name: OuterRef("pk")})
            .order_by()
            .values(relation.field.name)
            .annotate(uses=Count("pk"))
            .values("uses")
        )
        total = total + Coalesce(Subquery(per_tag, output_field=IntegerField()), 0)
    return tags.annotate(usage_count=total)


def _tagged_object_fields(model) -> list[str]:
    """The columns that say which object a tagged item tags (everything but its own id and the tag)."""
    return [field.attname for field in model._meta.concrete_fields if field.name not in ("id", "tag")]


@transaction.atomic
def tag_merge(*, source: Tag, target: Tag) -> int:
    """Everything tagged `source` is tagged `target` instead (once each), and `source` is deleted.

    Returns how many things were re-tagged (those that already had `target` keep their one tag).
    """
    if source.pk == target.pk:
        raise ValueError("A tag cannot be merged into itself.")
    moved = 0
    for relation in tagged_item_relations():
        model, tag_field = relation.related_model, relation.field.name
        fields = _tagged_object_fields(model)
        has_target = set(model.objects.filter(**{tag_field: target}).values_list(*fields))
        duplicates, to_move = [], []
        for pk, *key in model.objects.filter(**{tag_field: source}).values_list("pk", *fields):
            (duplicates if tuple(key) in has_target else to_move).append(pk)
        model.objects.filter(pk__in=duplicates).delete()
        moved += model.objects.filter(pk__in=to_move).update(**{tag_field: target})
    source.delete()
    return moved
