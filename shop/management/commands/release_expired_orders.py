from django.core.management.base import BaseCommand

from shop.services.orders import order_release_expired


class Command(BaseCommand):
    help = "Cancel unpaid orders whose stock reservation has ended and put their stock back (run every few minutes)."

    def handle(self, *args, **options):
        released = order_release_expired()
        self.stdout.write(f"Released {released} unpaid order(s).")
