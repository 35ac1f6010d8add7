"""UnitTally moves to campaigns/, beside the code that counts it. The table stays
(units_unittally): only Django's state changes here."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('units', '0006_unit_name_trigram'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='UnitTally')],
            database_operations=[],
        ),
    ]
