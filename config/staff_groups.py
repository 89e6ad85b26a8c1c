"""Helpers for the migrations that set up staff groups ("Editors", "Shop staff"): grant by codename, skip
what does not exist.

Migrations call these with their historical `apps`, so they never import a model. A codename whose model
is not there yet (another app's models, added by a later migration) is skipped rather than failing the
migration: the migration that adds the model grants its permissions by calling `grant` again.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.management import create_permissions

# Wagtail's three page permissions staff need to write and publish: add a child page, edit, publish.
PAGE_EDITING = ("add_page", "change_page", "publish_page")


def make_permissions(apps, *app_labels: str) -> None:
    """Create the permission rows of these apps now (Django makes them only after the whole migrate)."""
    for label in app_labels:
        try:
            app_config = apps.get_app_config(label)
        except LookupError:
            continue
        # create_permissions() skips an app config without a models module, which a migration's stubs lack.
        module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = module


def _permissions(apps, codenames: Iterable[tuple[str, str]]):
    Permission = apps.get_model("auth", "Permission")
    for app_label, codename in codenames:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            yield permission


def grant(apps, group_name: str, codenames: Iterable[tuple[str, str]]):
    """Give the group (made if missing) each (app_label, codename) permission that exists; return the group."""
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=group_name)
    group.permissions.add(*_permissions(apps, codenames))
    return group


def revoke(apps, group_name: str, codenames: Iterable[tuple[str, str]]) -> None:
    """Take these permissions back from the group, if it exists (the reverse of `grant`)."""
    group = apps.get_model("auth", "Group").objects.filter(name=group_name).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps, codenames))


def grant_on_page_tree(apps, group, codenames: Iterable[str] = PAGE_EDITING) -> None:
    """Give the group these page permissions on the root page, so they hold for every page of every site."""
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    for permission in _permissions(apps, (("wagtailcore", codename) for codename in codenames)):
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def grant_on_collections(apps, group, codenames: Iterable[tuple[str, str]]) -> None:
    """Give the group these image or document permissions on the root collection (every collection)."""
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for permission in _permissions(apps, codenames):
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)
