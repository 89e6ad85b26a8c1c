from django.core.management.base import BaseCommand

from shop.services.order_status import order_release_expired


class Command(BaseCommand):
    help = (
        "Cancel unpaid orders whose stock reservation has ended and put their stock back now "
        "(run_worker's sweep does this every TASKS_SWEEP_SECONDS)."
    )

    def handle(self, *args, **options):
        released = order_release_expired()
        self.stdout.write(f"Released {released} unpaid order(s).")
