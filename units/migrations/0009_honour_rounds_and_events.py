"""Honour rounds and award events (issue 16).

Each honour's round years (the JSON field round_years) become HonourRound rows, with
the term each round opens: to the end of the next round's year (a holder stays one
until that round confirms it or not), or three calendar years for the last. Every existing award is kept as an event of its holding, linked to
the round its edition names or the round in force in its year; its status keeps
its value (授予 is now called 命名). 0010 then drops round_years (in its own
transaction: PostgreSQL refuses to alter a table with pending trigger events)."""

from datetime import date

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from units.rounds import round_of_event

TERM_YEARS = 3  # as units.models.TERM_YEARS when this was written


def rounds_from_round_years(apps, schema_editor):
    Honour = apps.get_model("units", "Honour")
    HonourRound = apps.get_model("units", "HonourRound")
    HonourAward = apps.get_model("units", "HonourAward")
    for honour in Honour.objects.exclude(round_years={}).order_by("pk"):
        years = sorted((int(number), int(year)) for number, year in (honour.round_years or {}).items())
        rows = []
        for i, (number, year) in enumerate(years):
            next_year = years[i + 1][1] if i + 1 < len(years) else year + TERM_YEARS - 1
            rows.append(
                HonourRound(
                    honour=honour,
                    number=number,
                    label="batch" if number <= 3 and honour.category != "youth_civilisation" else "session",
                    year=year,
                    decision_body=honour.awarding_body,
                    term_start=date(year, 1, 1),
                    term_end=date(max(next_year, year), 12, 31),
                )
            )
        created = {r.number: r for r in HonourRound.objects.bulk_create(rows)}
        shape = [(r.number, r.label, r.year) for r in created.values()]
        linked = []
        for award in HonourAward.objects.filter(honour=honour).only("pk", "edition", "year"):
            number = round_of_event(shape, award.edition, award.year)
            if number is not None:
                award.round_id = created[number].pk
                linked.append(award)
        HonourAward.objects.bulk_update(linked, ["round"], batch_size=1000)


def round_years_from_rounds(apps, schema_editor):
    Honour = apps.get_model("units", "Honour")
    for honour in Honour.objects.filter(rounds__isnull=False).distinct():
        honour.round_years = {str(r.number): r.year for r in honour.rounds.order_by("number")}
        honour.save(update_fields=["round_years"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_page_file_formats"),
        ("units", "0008_unit_name_bigrams"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalHonourRound",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "number",
                    models.PositiveSmallIntegerField(
                        help_text="第几批、第几届；年度评选填年份，如 2019", verbose_name="序号"
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        choices=[("batch", "批"), ("session", "届"), ("annual", "年度")],
                        default="session",
                        max_length=8,
                        verbose_name="届次称谓",
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="命名年份")),
                ("decided_on", models.DateField(blank=True, null=True, verbose_name="决定日期")),
                ("decision_body", models.CharField(blank=True, max_length=200, verbose_name="决定机关")),
                (
                    "term_start",
                    models.DateField(
                        blank=True, help_text="不填则为决定日期或命名年份1月1日", null=True, verbose_name="任期起"
                    ),
                ),
                (
                    "term_end",
                    models.DateField(
                        blank=True, help_text="不填则为命名当年起第三年年底", null=True, verbose_name="任期止"
                    ),
                ),
                (
                    "assessment_cycle",
                    models.CharField(blank=True, help_text="如：2018—2020年", max_length=40, verbose_name="测评周期"),
                ),
                ("note", models.TextField(blank=True, verbose_name="备注")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
            ],
            options={
                "verbose_name": "historical 荣誉届次",
                "verbose_name_plural": "historical 荣誉届次",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HonourRound",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "number",
                    models.PositiveSmallIntegerField(
                        help_text="第几批、第几届；年度评选填年份，如 2019", verbose_name="序号"
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        choices=[("batch", "批"), ("session", "届"), ("annual", "年度")],
                        default="session",
                        max_length=8,
                        verbose_name="届次称谓",
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="命名年份")),
                ("decided_on", models.DateField(blank=True, null=True, verbose_name="决定日期")),
                ("decision_body", models.CharField(blank=True, max_length=200, verbose_name="决定机关")),
                (
                    "term_start",
                    models.DateField(
                        blank=True, help_text="不填则为决定日期或命名年份1月1日", null=True, verbose_name="任期起"
                    ),
                ),
                (
                    "term_end",
                    models.DateField(
                        blank=True, help_text="不填则为命名当年起第三年年底", null=True, verbose_name="任期止"
                    ),
                ),
                (
                    "assessment_cycle",
                    models.CharField(blank=True, help_text="如：2018—2020年", max_length=40, verbose_name="测评周期"),
                ),
                ("note", models.TextField(blank=True, verbose_name="备注")),
            ],
            options={
                "verbose_name": "荣誉届次",
                "verbose_name_plural": "荣誉届次",
                "ordering": ["honour__name", "number"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="honouraward",
            name="honour_award_unique_per_year",
        ),
        migrations.RemoveConstraint(
            model_name="honouraward",
            name="honour_award_unique_without_year",
        ),
        migrations.AddField(
            model_name="historicalhonouraward",
            name="date",
            field=models.DateField(
                blank=True, help_text="只知年月时记为当月1日；年份随之", null=True, verbose_name="日期"
            ),
        ),
        migrations.AddField(
            model_name="historicalhonouraward",
            name="date_precision",
            field=models.CharField(
                choices=[("day", "日"), ("month", "月"), ("year", "年")],
                default="year",
                max_length=8,
                verbose_name="日期精度",
            ),
        ),
        migrations.AddField(
            model_name="historicalhonouraward",
            name="decided_by",
            field=models.CharField(
                blank=True, help_text="不填则为届次的决定机关", max_length=200, verbose_name="决定机关"
            ),
        ),
        migrations.AddField(
            model_name="honouraward",
            name="date",
            field=models.DateField(
                blank=True, help_text="只知年月时记为当月1日；年份随之", null=True, verbose_name="日期"
            ),
        ),
        migrations.AddField(
            model_name="honouraward",
            name="date_precision",
            field=models.CharField(
                choices=[("day", "日"), ("month", "月"), ("year", "年")],
                default="year",
                max_length=8,
                verbose_name="日期精度",
            ),
        ),
        migrations.AddField(
            model_name="honouraward",
            name="decided_by",
            field=models.CharField(
                blank=True, help_text="不填则为届次的决定机关", max_length=200, verbose_name="决定机关"
            ),
        ),
        migrations.AlterField(
            model_name="historicalhonouraward",
            name="status",
            field=models.CharField(
                choices=[
                    ("awarded", "命名"),
                    ("retained", "复查合格保留"),
                    ("confirmed", "复查确认"),
                    ("recognised", "认定"),
                    ("warned", "黄牌警告"),
                    ("rectifying", "整改"),
                    ("restored", "恢复"),
                    ("revoked", "撤销"),
                    ("lapsed", "自动终止"),
                ],
                default="awarded",
                max_length=16,
                verbose_name="状态",
            ),
        ),
        migrations.AlterField(
            model_name="honouraward",
            name="status",
            field=models.CharField(
                choices=[
                    ("awarded", "命名"),
                    ("retained", "复查合格保留"),
                    ("confirmed", "复查确认"),
                    ("recognised", "认定"),
                    ("warned", "黄牌警告"),
                    ("rectifying", "整改"),
                    ("restored", "恢复"),
                    ("revoked", "撤销"),
                    ("lapsed", "自动终止"),
                ],
                default="awarded",
                max_length=16,
                verbose_name="状态",
            ),
        ),
        migrations.AddField(
            model_name="historicalhonourround",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="historicalhonourround",
            name="honour",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="units.honour",
                verbose_name="荣誉称号",
            ),
        ),
        migrations.AddField(
            model_name="honourround",
            name="honour",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="rounds",
                to="units.honour",
                verbose_name="荣誉称号",
            ),
        ),
        migrations.AddField(
            model_name="historicalhonouraward",
            name="round",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="units.honourround",
                verbose_name="所属届次",
            ),
        ),
        migrations.AddField(
            model_name="honouraward",
            name="round",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="awards",
                to="units.honourround",
                verbose_name="所属届次",
            ),
        ),
        migrations.AddIndex(
            model_name="honouraward",
            index=models.Index(fields=["unit", "honour", "year"], name="honour_award_holding"),
        ),
        migrations.AddConstraint(
            model_name="honouraward",
            constraint=models.UniqueConstraint(
                condition=models.Q(("year__isnull", False)),
                fields=("unit", "honour", "year", "status"),
                name="honour_award_unique_event_per_year",
            ),
        ),
        migrations.AddConstraint(
            model_name="honouraward",
            constraint=models.UniqueConstraint(
                condition=models.Q(("year__isnull", True)),
                fields=("unit", "honour", "status"),
                name="honour_award_unique_event_without_year",
            ),
        ),
        migrations.AddConstraint(
            model_name="honourround",
            constraint=models.UniqueConstraint(fields=("honour", "number"), name="honour_round_unique_number"),
        ),
        migrations.AddConstraint(
            model_name="honourround",
            constraint=models.CheckConstraint(
                condition=models.Q(("year__gte", 1949), ("year__lte", 2100)), name="honour_round_year_plausible"
            ),
        ),
        migrations.RunPython(rounds_from_round_years, round_years_from_rounds),
    ]
