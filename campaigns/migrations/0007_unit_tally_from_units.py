"""UnitTally comes from units/ with its table (units_unittally) and indexes as they
are: only Django's state changes here."""

import core.indexes
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0006_organiser_by_unit_index'),
        ('units', '0007_unit_tally_moves_to_campaigns'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='UnitTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('honour_count', models.PositiveIntegerField(default=0, verbose_name='荣誉数')),
                ('activity_count', models.PositiveIntegerField(default=0, verbose_name='活动数')),
                ('volunteer_hours', models.DecimalField(decimal_places=1, default=0, max_digits=14, verbose_name='志愿服务时长')),
                ('unit', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='tally', to='units.unit', verbose_name='单位')),
            ],
            options={
                'verbose_name': '单位统计',
                'verbose_name_plural': '单位统计',
                'db_table': 'units_unittally',
                'indexes': [core.indexes.ListOrderIndex(models.OrderBy(models.F('honour_count'), descending=True, nulls_last=True), models.OrderBy(models.F('unit'), descending=True, nulls_last=True), name='unit_tally_by_honours'), core.indexes.ListOrderIndex(models.OrderBy(models.F('activity_count'), descending=True, nulls_last=True), models.OrderBy(models.F('unit'), descending=True, nulls_last=True), name='unit_tally_by_activities'), core.indexes.ListOrderIndex(models.OrderBy(models.F('volunteer_hours'), descending=True, nulls_last=True), models.OrderBy(models.F('unit'), descending=True, nulls_last=True), name='unit_tally_by_hours')],
            },
        ),
                ],
        ),
    ]
