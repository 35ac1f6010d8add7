"""round_years now lives in HonourRound rows (0009 moved it)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("units", "0009_honour_rounds_and_events")]

    operations = [
        migrations.RemoveField(
            model_name="historicalhonour",
            name="round_years",
        ),
        migrations.RemoveField(
            model_name="honour",
            name="round_years",
        ),
    ]
