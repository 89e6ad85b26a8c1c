"""Give the default Wagtail Site SITE_URL's host and port (`make run` does it for the port it serves on)."""

from django.core.management.base import BaseCommand

from config.site_url import site_follow_site_url, site_url


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        changed = site_follow_site_url()
        if options["verbosity"]:
            self.stdout.write(f"Site: {'now' if changed else 'already'} at {site_url()}")
