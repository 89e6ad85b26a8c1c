"""`manage.py load_demo`: fill the fictional Knot & Stone Therapy Supply shop. Safe to run again."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from demo import loaders

# Under these settings the staff account is never given the published demo password.
PRODUCTION_SETTINGS = "config.settings.production"
DEFAULT_PORT = 8000


class Command(BaseCommand):
    help = "Load the demo shop: catalogue, pictures, pages, articles, settings and a staff login. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--image-size",
            type=int,
            default=800,
            help="Width and height in pixels of the generated product pictures (default 800; tests use less).",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=None,
            help=f"The port the shop is served on, for the addresses printed at the end "
            f"(default: the PORT environment variable, which `make run PORT=...` sets, else {DEFAULT_PORT}).",
        )

    def handle(self, *args, image_size: int, port: int | None, **options) -> None:
        if not 32 <= image_size <= 4000:
            raise CommandError("--image-size must be between 32 and 4000 pixels.")
        port = port if port is not None else _port_from_environment()
        if not 1 <= port <= 65535:
            raise CommandError("--port must be between 1 and 65535.")
        ctx = loaders.DemoContext(
            stdout=self.stdout,
            image_size=image_size,
            port=port,
            production=settings.SETTINGS_MODULE == PRODUCTION_SETTINGS,
        )
        self.stdout.write(self.style.MIGRATE_HEADING("Loading the Knot & Stone demo shop"))
        # All or nothing: a half-loaded shop would make the next run's "already present" a lie.
        with transaction.atomic():
            # Read at call time, so a feature's loader added to the list is picked up.
            for loader in loaders.LOADERS:
                loader(ctx)
        self.stdout.write(self.style.SUCCESS("Demo shop ready."))
        for line in ctx.closing_lines:
            self.stdout.write(line)


def _port_from_environment() -> int:
    raw = os.environ.get("PORT") or str(DEFAULT_PORT)
    try:
        return int(raw)
    except ValueError:
        raise CommandError(f"PORT must be a number, not {raw!r}.") from None
