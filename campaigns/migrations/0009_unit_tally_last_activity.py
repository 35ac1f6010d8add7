"""UnitTally.last_activity_on: the newest accepted activity of the unit, kept by
campaigns/tallies.py like the counts, filled here for the rows already there."""

from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery


def fill(apps, schema_editor):
    """Each tally's newest accepted activity date, in one UPDATE."""
    UnitTally = apps.get_model("campaigns", "UnitTally")
    ActivityOrganiser = apps.get_model("campaigns", "ActivityOrganiser")
    newest = (
        ActivityOrganiser.objects.filter(unit_id=OuterRef("unit_id"), activity__review_status="accepted")
        .order_by()
        .values("unit_id")
        .annotate(last=Max("activity__date"))
        .values("last")
    )
    UnitTally.objects.update(last_activity_on=Subquery(newest))


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0008_volunteer_unit_figures'),
    ]

    operations = [
        migrations.AddField(
            model_name='unittally',
            name='last_activity_on',
            field=models.DateField(blank=True, null=True, verbose_name='最近活动日期'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
