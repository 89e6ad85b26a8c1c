"""The table rate-limit counters live in when there is no Redis, created by `migrate` on every deployment.

Created whatever the cache settings say today, so a shop that drops Redis later finds it there.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

from config.env import RATELIMIT_CACHE_TABLE


def create_cache_table(apps, schema_editor):
    # Does nothing when the table already exists (`createcachetable` was run by hand).
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, RATELIMIT_CACHE_TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(RATELIMIT_CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
