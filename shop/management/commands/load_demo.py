"""`manage.py load_demo`: fill the fictional Knot & Stone Therapy Supply shop. Safe to run again."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from shop import demo


class Command(BaseCommand):
    help = "Load the demo shop: catalogue, pictures, pages, articles, settings and a staff login. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--image-size",
            type=int,
            default=800,
            help="Width and height in pixels of the generated product pictures (default 800; tests use less).",
        )

    def handle(self, *args, image_size: int, **options) -> None:
        if not 32 <= image_size <= 4000:
            raise CommandError("--image-size must be between 32 and 4000 pixels.")
        ctx = demo.DemoContext(stdout=self.stdout, image_size=image_size)
        self.stdout.write(self.style.MIGRATE_HEADING("Loading the Knot & Stone demo shop"))
        # All or nothing: a half-loaded shop would make the next run's "already present" a lie.
        with transaction.atomic():
            # Read at call time, so a feature's loader added to the list is picked up.
            for loader in demo.LOADERS:
                loader(ctx)
        self.stdout.write(self.style.SUCCESS("Demo shop ready."))
        for line in ctx.closing_lines:
            self.stdout.write(line)
