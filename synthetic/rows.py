"""Bulk creation of each kind of synthetic row (articles, units with aliases, honour
awards, activities with organisers, volunteer records), a batch at a time."""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from decimal import Decimal
from itertools import accumulate

from articles.models import Article
from campaigns.models import Activity, ActivityOrganiser, VolunteerRecord
from core.models import DatePrecision, ReviewStatus
from synthetic import place_words as places
from synthetic import vocabulary as vocab
from synthetic.sampling import (
    ACTIVITY_KIND_WEIGHTS,
    AWARD_STATUS_WEIGHTS,
    DEFAULT_HONOUR_CATEGORIES,
    HONOUR_CATEGORIES_BY_KIND,
    HONOUR_LEVEL_WEIGHTS,
    UNIT_KIND_WEIGHTS,
    ZipfPicker,
    random_date,
    unit_name,
    weighted,
)
from units.models import Honour, HonourAward, Unit, UnitAlias


def create_articles(rng, count, areas, source_ids, first_year, last_year, batch_size, bar) -> list[int]:
    # Salted with the rows already there, so a second run adds new articles instead of clashing.
    salt = Article.objects.count()
    ids: list[int] = []
    batch: list[Article] = []
    for i in range(count):
        area = rng.choice(areas)
        theme = rng.choice(vocab.THEMES)
        title = f"{area.prefix}扎实推进“{theme}”工作"
        sentences = [
            f"{area.prefix}坚持以{theme}为抓手，推动精神文明建设高质量发展。",
            f"今年以来，全{area.prefix[-1]}累计开展各类活动{rng.randrange(10, 900)}场次。",
            f"志愿者{rng.randrange(50, 5000)}余人次参与，服务时长{rng.randrange(100, 90000)}小时。",
        ]
        text = "".join(rng.sample(sentences, len(sentences)))
        batch.append(
            Article(
                source_id=rng.choice(source_ids) if source_ids else None,
                title=title,
                published_on=random_date(rng, first_year, last_year),
                text=text,
                raw_text=text,
                file_name=f"synthetic_{i // 12:06d}.txt",
                position=i % 12,
                content_hash=hashlib.sha256(f"synthetic:{salt}:{i}:{title}".encode()).hexdigest(),
            )
        )
        if len(batch) >= batch_size:
            ids += [a.pk for a in Article.objects.bulk_create(batch, batch_size=batch_size)]
            bar.update(len(batch))
            batch = []
    if batch:
        ids += [a.pk for a in Article.objects.bulk_create(batch, batch_size=batch_size)]
        bar.update(len(batch))
    return ids


def create_units(rng, count, areas, provenance, batch_size, bar) -> tuple[list[tuple[int, str, str]], int]:
    """Returns [(pk, short name, kind)] in creation order, and the number of aliases."""
    used = set(Unit.objects.values_list("name", flat=True))
    # Prefectures run more units than any one county.
    area_weights = list(accumulate(3 if area.prefix == area.prefecture else 1 for area in areas))
    rows: list[tuple[int, str, str]] = []
    alias_count = 0
    batch: list[tuple[Unit, bool]] = []

    def flush():
        nonlocal alias_count
        created = Unit.objects.bulk_create([unit for unit, _ in batch], batch_size=batch_size)
        aliases = [
            UnitAlias(unit_id=unit.pk, name=unit.short_name, review_status=ReviewStatus.ACCEPTED)
            for unit, with_alias in zip(created, (w for _, w in batch), strict=True)
            if with_alias
        ]
        UnitAlias.objects.bulk_create(aliases, batch_size=batch_size)
        alias_count += len(aliases)
        rows.extend((unit.pk, unit.short_name or unit.name, unit.kind) for unit in created)
        bar.update(len(created))

    for _ in range(count):
        kind = weighted(rng, UNIT_KIND_WEIGHTS)
        for attempt in range(40):
            area = areas[bisect.bisect_left(area_weights, rng.random() * area_weights[-1])]
            # Small pools (a county has one 教育局) run dry: companies never do.
            name, short = unit_name(rng, kind if attempt < 20 else Unit.Kind.ENTERPRISE, area)
            if name not in used:
                break
        else:
            name, short = f"{name}（{len(used)}）", short
        if attempt >= 20:
            kind = Unit.Kind.ENTERPRISE
        used.add(name)
        unit = Unit(
            name=name,
            short_name=short,
            kind=kind,
            region_id=area.region_id,
            **provenance.fields(f"{name}积极参与文明创建工作。", None),
        )
        batch.append((unit, bool(short) and rng.random() < 0.15))
        if len(batch) >= batch_size:
            flush()
            batch = []
    if batch:
        flush()
    return rows, alias_count


def create_awards(rng, count, unit_rows, honours, provenance, first_year, last_year, batch_size, bar) -> int:
    if not unit_rows or not count:
        return 0
    by_kind: dict[str, list[Honour]] = {}
    for kind in Unit.Kind.values:
        allowed = HONOUR_CATEGORIES_BY_KIND.get(kind, DEFAULT_HONOUR_CATEGORIES)
        by_kind[kind] = [h for h in honours if h.category in allowed] or honours
    weights = {kind: [HONOUR_LEVEL_WEIGHTS.get(h.level, 1) for h in hs] for kind, hs in by_kind.items()}
    picker = ZipfPicker(rng, list(range(len(unit_rows))))
    taken: set[tuple[int, int, int | None]] = set(HonourAward.objects.values_list("unit_id", "honour_id", "year"))
    batch: list[HonourAward] = []
    created = 0
    for _ in range(count):
        for _attempt in range(20):
            # Half the awards go to the busy units, half to anyone.
            pk, _short, kind = unit_rows[picker.pick() if rng.random() < 0.5 else rng.randrange(len(unit_rows))]
            honour = rng.choices(by_kind[kind], weights=weights[kind])[0]
            rounds = [r for r in honour.rounds.all() if first_year - 10 <= r.year <= last_year]
            award_round = None
            if rounds and rng.random() < 0.8:
                award_round = rng.choice(rounds)
                year, edition = award_round.year, award_round.label_text
            else:
                year = None if rng.random() < 0.05 else rng.randrange(first_year - 5, last_year + 1)
                edition = ""
            if (pk, honour.pk, year) not in taken:
                break
        else:
            continue
        taken.add((pk, honour.pk, year))
        batch.append(
            HonourAward(
                unit_id=pk,
                honour_id=honour.pk,
                year=year,
                edition=edition,
                round=award_round,
                status=weighted(rng, AWARD_STATUS_WEIGHTS),
                **provenance.fields(f"{_short}荣获“{honour.name}”称号。", dt.date(year or 2020, 6, 1)),
            )
        )
        if len(batch) >= batch_size:
            created += len(HonourAward.objects.bulk_create(batch, batch_size=batch_size))
            bar.update(len(batch))
            batch = []
    if batch:
        created += len(HonourAward.objects.bulk_create(batch, batch_size=batch_size))
        bar.update(len(batch))
    bar.update(count - created)  # draws that found no free (unit, honour, year) slot
    return created


def create_activities(
    rng, count, picker, short_names, areas, campaign_ids, provenance, first_year, last_year, batch_size, bar
) -> tuple[int, int, list[tuple[int, int]]]:
    """Returns (activities, organisers, [(volunteer activity pk, host unit pk)])."""
    if not count or picker is None:
        return 0, 0, []
    roles = [ActivityOrganiser.Role.CO_HOST, ActivityOrganiser.Role.EXECUTOR, ActivityOrganiser.Role.PARTICIPANT]
    activity_count = organiser_count = 0
    volunteer_activities: list[tuple[int, int]] = []
    batch: list[Activity] = []
    organisers: list[list[tuple[int, str]]] = []

    def flush():
        nonlocal activity_count, organiser_count
        created = Activity.objects.bulk_create(batch, batch_size=batch_size)
        links = [
            ActivityOrganiser(activity_id=activity.pk, unit_id=unit_id, role=role)
            for activity, units in zip(created, organisers, strict=True)
            for unit_id, role in units
        ]
        ActivityOrganiser.objects.bulk_create(links, batch_size=batch_size)
        volunteer_activities.extend(
            (activity.pk, units[0][0])
            for activity, units in zip(created, organisers, strict=True)
            if activity.kind == Activity.Kind.VOLUNTEER
        )
        activity_count += len(created)
        organiser_count += len(links)
        bar.update(len(created))

    for _ in range(count):
        host = picker.pick()
        kind = weighted(rng, ACTIVITY_KIND_WEIGHTS)
        title = (
            f"{short_names[host]}{rng.choice(vocab.VERBS)}“{rng.choice(vocab.THEMES)}”"
            f"{rng.choice(vocab.KIND_WORDS[kind])}"
        )
        roll = rng.random()
        if roll < 0.005:
            day, precision = None, DatePrecision.DAY
        else:
            day = random_date(rng, first_year, last_year)
            if roll < 0.03:
                day, precision = day.replace(month=1, day=1), DatePrecision.YEAR
            elif roll < 0.15:
                day, precision = day.replace(day=1), DatePrecision.MONTH
            else:
                precision = DatePrecision.DAY
        units = [(host, ActivityOrganiser.Role.HOST)]
        if rng.random() < 0.25:
            for _extra in range(rng.randint(1, 3)):
                other = picker.pick()
                if all(other != unit_id for unit_id, _ in units):
                    units.append((other, rng.choice(roles)))
        area = rng.choice(areas)
        batch.append(
            Activity(
                title=title[:300],
                campaign_id=rng.choice(campaign_ids) if campaign_ids and rng.random() < 0.6 else None,
                date=day,
                date_precision=precision,
                place=area.prefix + rng.choice(places.PLACES) if rng.random() < 0.7 else "",
                kind=kind,
                participants=min(int(rng.lognormvariate(3.5, 1.0)), 100_000) if rng.random() < 0.8 else None,
                description=f"{title}，进一步营造了崇德向善、文明和谐的社会氛围。",
                **provenance.fields(title + "。", day),
            )
        )
        organisers.append(units)
        if len(batch) >= batch_size:
            flush()
            batch, organisers = [], []
    if batch:
        flush()
    return activity_count, organiser_count, volunteer_activities


def create_volunteer_records(
    rng, count, picker, volunteer_activities, provenance, first_year, last_year, batch_size, bar
) -> int:
    if not count or picker is None:
        return 0
    created = 0
    batch: list[VolunteerRecord] = []
    for _ in range(count):
        if volunteer_activities and rng.random() < 0.5:
            activity_id, unit_id = rng.choice(volunteer_activities)
        else:
            activity_id, unit_id = None, picker.pick()
        start = random_date(rng, first_year, last_year)
        figures = rng.choice(["hours", "person_times", "all", "all", "hours_person_times"])
        hours = person_times = volunteers = None
        if figures in {"hours", "all", "hours_person_times"}:
            hours = Decimal(int(rng.lognormvariate(6, 1.5) * 10) % 100_000_000) / 10
        if figures in {"person_times", "all", "hours_person_times"}:
            person_times = int(rng.lognormvariate(5, 1.3)) + 1
        if figures == "all":
            volunteers = int(rng.lognormvariate(4, 1.2)) + 1
        with_period = rng.random() < 0.7
        batch.append(
            VolunteerRecord(
                unit_id=unit_id,
                activity_id=activity_id,
                hours=hours,
                person_times=person_times,
                volunteers=volunteers,
                period_start=start if with_period else None,
                period_end=start + dt.timedelta(days=rng.randrange(0, 366)) if with_period else None,
                period_text="" if with_period else rng.choice(vocab.PERIOD_TEXTS),
                approximate=rng.random() < 0.3,
                **provenance.fields(f"累计志愿服务{hours or person_times or volunteers}。", start),
            )
        )
        if len(batch) >= batch_size:
            created += len(VolunteerRecord.objects.bulk_create(batch, batch_size=batch_size))
            bar.update(len(batch))
            batch = []
    if batch:
        created += len(VolunteerRecord.objects.bulk_create(batch, batch_size=batch_size))
        bar.update(len(batch))
    return created
