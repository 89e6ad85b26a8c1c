"""Private uploads: files shoppers send that only staff may see (price-match screenshots).

They live in the "private" storage (settings.STORAGES), a folder at PRIVATE_MEDIA_ROOT outside MEDIA_ROOT,
so the proxy that serves /media/ never reaches them. The storage has no public address: asking a private
file for its URL is an error, and staff open one through an admin view that checks their permission.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage, Storage, storages

PRIVATE_STORAGE = "private"


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder of files with no public URL: they are streamed by a view that checks who asks."""

    def url(self, name):
        raise ValueError("Private files have no public URL; link to the admin view that streams them.")


def private_storage() -> Storage:
    """The "private" storage; a callable so the model field does not freeze its location into migrations."""
    return storages[PRIVATE_STORAGE]


def is_within(inner: Path, outer: Path) -> bool:
    """Whether folder `inner` is `outer` or lies inside it (both resolved, symlinks followed)."""
    inner, outer = Path(inner).resolve(), Path(outer).resolve()
    return inner == outer or outer in inner.parents


def check_private_media_root(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """PRIVATE_MEDIA_ROOT must not be MEDIA_ROOT or inside it (the proxy serves everything there), nor hold it."""
    private = Path(settings.PRIVATE_MEDIA_ROOT)
    media = Path(settings.MEDIA_ROOT)
    if is_within(private, media) or is_within(media, private):
        return [
            checks.Error(
                f"PRIVATE_MEDIA_ROOT ({private}) overlaps MEDIA_ROOT ({media}), which is served publicly.",
                hint="Set PRIVATE_MEDIA_ROOT to a folder outside MEDIA_ROOT that the web server does not serve.",
                id="config.E001",
            )
        ]
    return []
