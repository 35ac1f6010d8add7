"""Storing one page's extraction: its articles (identified by `content_hash`)
and every unit, alias, honour award, activity and volunteer record read from
them, pending review with their evidence (`page_extraction_store`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import models

from articles.extraction.records import (
    ActivityMention,
    ArticleExtraction,
    Evidence,
    HonourMention,
    PageExtraction,
    UnitMention,
    VolunteerMention,
)
from articles.field_values import choice_field, count_field, date_fields, first_sentence_naming, hours_field
from articles.history_rows import import_change_reason, rows_create_with_history
from articles.import_runs import ImportCounts
from articles.models import Article, PageFile
from articles.registry_cache import ImportCache, catalogue_key
from campaigns.models import Activity, ActivityOrganiser, Campaign, VolunteerRecord
from campaigns.tallies import start_unit_tallies
from core.models import DatePrecision, ReviewStatus
from units.models import Honour, HonourAward, Region, Unit, UnitAlias
from units.rounds import round_of_event

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

PENDING = ReviewStatus.PENDING


def content_hash(title: str, text: str) -> str:
    """The identity of an article: the same title and cleaned text is the same article."""
    return hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()


def page_extraction_store(
    *,
    extraction: PageExtraction,
    page_file: PageFile,
    user: AbstractBaseUser | None = None,
    cache: ImportCache | None = None,
) -> ImportCounts:
    """Store the articles of one extracted page and every record read from them,
    as pending review with their evidence. Call it inside a transaction; with a
    run's `cache`, commit or discard the cache as that transaction ends."""
    writer = _PageWriter(page_file=page_file, user=user, cache=cache if cache is not None else ImportCache())
    writer.page_store(extraction.articles)
    return writer.counts


class _PageWriter:
    """Writes one page's articles and records, looking the registry up through
    the run's ImportCache."""

    def __init__(self, *, page_file: PageFile, user: AbstractBaseUser | None, cache: ImportCache):
        self.page_file = page_file
        self.run = page_file.import_run
        self.source = self.run.source
        self.user = user if user is not None and user.pk else None
        self.reason = import_change_reason(self.run)
        self.counts = ImportCounts()
        self.cache = cache
        self._page_units: dict[str, Unit | None] = {}  # canonical name → unit, for parents
        self._created: set[int] = set()
        # Records are inserted in bulk, with their history, when the page is done;
        # the order lets organisers follow the activities they point to.
        self._pending: dict[type[models.Model], list] = {
            model: [] for model in (UnitAlias, HonourAward, Activity, ActivityOrganiser, VolunteerRecord)
        }

    def _save(self, obj) -> None:
        """Save one row now: units and honours, which later rows of the page point to."""
        obj._change_reason = self.reason
        if self.user is not None:
            obj._history_user = self.user
        obj.save()

    def _bulk_create(self, model: type[models.Model], objs: list) -> None:
        if objs:
            rows_create_with_history(model, objs, user=self.user, reason=self.reason)

    def _evidence(self, evidence: Evidence | None, text: str) -> dict[str, Any]:
        if evidence is None or not evidence.sentence:
            return {"evidence": "", "evidence_start": None, "evidence_end": None}
        start, end = evidence.start, evidence.end
        if not (0 <= start <= end <= len(text) and text[start:end] == evidence.sentence):
            # Keep the sentence; a span that does not point at it would mislead reviewers.
            found = text.find(evidence.sentence)
            start, end = (found, found + len(evidence.sentence)) if found >= 0 else (None, None)
        return {"evidence": evidence.sentence, "evidence_start": start, "evidence_end": end}

    def _provenance(self, article: Article, evidence: Evidence | None) -> dict[str, Any]:
        return {"article": article, "review_status": PENDING, **self._evidence(evidence, article.text)}

    # -- articles

    def page_store(self, articles: Iterable[ArticleExtraction]) -> None:
        articles = list(articles)
        digests = [content_hash(article.title, article.text) for article in articles]
        known = set(Article.objects.filter(content_hash__in=digests).values_list("content_hash", flat=True))
        new: list[tuple[ArticleExtraction, Article]] = []
        for extracted, digest in zip(articles, digests, strict=True):
            if digest in known:  # stored before, or twice on this page
                self.counts.articles_skipped += 1
                continue
            known.add(digest)
            new.append((extracted, self._article(extracted, digest)))
        self._bulk_create(Article, [article for _, article in new])
        self.counts.articles += len(new)
        for extracted, article in new:
            self._records_collect(extracted, article)
        for model, objs in self._pending.items():
            self._bulk_create(model, objs)
        # Bulk inserts send no signals: new units get their (empty) tallies here.
        start_unit_tallies(unit_ids=[unit.pk for unit in self._pending.get(Unit, ())])

    def _article(self, extracted: ArticleExtraction, digest: str) -> Article:
        published_on, precision = date_fields(extracted.date)
        return Article(
            source=self.source,
            title=(extracted.title.strip() or "（无标题）")[:300],
            subtitle=extracted.subtitle[:300],
            bylines=list(extracted.bylines),
            published_on=published_on,
            date_precision=precision,
            text=extracted.text,
            raw_text=extracted.raw_text,
            file_name=Path(self.page_file.file_name).name,
            position=max(extracted.position, 0),
            content_hash=digest,
            import_run=self.run,
            page_file=self.page_file,
        )

    def _records_collect(self, extracted: ArticleExtraction, article: Article) -> None:
        for mention in extracted.units:
            self.unit_for_mention(mention, article)
        for mention in extracted.units:
            self._parent_link(mention)
        for honour in extracted.honours:
            self.honour_award_store(honour, article)
        seen_activities = set()
        for activity in extracted.activities:
            key = (activity.title, activity.date, activity.organisers, activity.place)
            if key not in seen_activities:
                seen_activities.add(key)
                self.activity_store(activity, article)
        seen_volunteer = set()
        for volunteer in extracted.volunteer_service:
            key = (volunteer.unit, volunteer.hours, volunteer.person_times, volunteer.volunteers, volunteer.period_text)
            if key not in seen_volunteer:
                seen_volunteer.add(key)
                self.volunteer_record_store(volunteer, article)

    # -- units

    def _region(self, name: str | None) -> Region | None:
        return self.cache.region(name) if name else None

    def _unit_find(self, name: str, aliases: Iterable[str] = (), region: Region | None = None) -> Unit | None:
        """The registry unit a mention names: by canonical name, then by alias.

        A short alias may be shared by units of several places (市委办公室); the
        mention's region then decides, else the oldest unit, so that a unit
        already in the registry is never created a second time.
        """
        if not self.cache.may_be_registered([name, *aliases]):
            return None
        unit = Unit.objects.filter(name=name).first()
        if unit is not None:
            return unit
        candidates = list(Unit.objects.filter(aliases__name=name).distinct().order_by("pk"))
        if not candidates:
            other_names = [alias for alias in aliases if alias and alias != name]
            candidates = list(Unit.objects.filter(name__in=other_names).order_by("pk")) if other_names else []
        if not candidates:
            return None
        if region is not None:
            for candidate in candidates:
                if candidate.region_id == region.pk:
                    return candidate
        return candidates[0]

    def unit_for_mention(self, mention: UnitMention, article: Article) -> Unit | None:
        """The registry unit for a mention: found under its name or an alias (and
        given any new surface form as a pending alias), or created pending.
        None when reviewers rejected that unit: nothing is attached to it again."""
        name = mention.name.strip()[:200]
        if not name:
            return None
        key = (name, mention.region)
        known, unit = self.cache.unit(key)
        if not known:
            region = self._region(mention.region)
            unit = self._unit_find(name, mention.aliases, region)
            if unit is None:
                unit = Unit(
                    name=name,
                    kind=choice_field(mention.kind, Unit.Kind, Unit.Kind.OTHER),
                    region=region,
                    **self._provenance(article, self._mention_evidence(mention, article)),
                )
                self._save(unit)
                self.cache.created(unit)
                self.counts.units += 1
                self._created.add(unit.pk)
            if unit.review_status == ReviewStatus.REJECTED:
                unit = None
            self.cache.unit_set(key, unit)
        self._page_units[name] = unit
        if unit is not None:
            self._aliases_add(unit, mention, article)
        return unit

    @staticmethod
    def _mention_evidence(mention: UnitMention, article: Article) -> Evidence | None:
        if mention.evidence is not None:
            return mention.evidence
        return first_sentence_naming(article.text, (mention.name, *mention.aliases))

    def _aliases_add(self, unit: Unit, mention: UnitMention, article: Article) -> None:
        known = self.cache.alias_names(unit)
        for surface in (mention.name, *mention.aliases):
            surface = surface.strip()
            if not surface or len(surface) > 200 or surface == unit.name or surface in known:
                continue
            evidence = self._mention_evidence(mention, article)
            self._pending[UnitAlias].append(UnitAlias(unit=unit, name=surface, **self._provenance(article, evidence)))
            known.add(surface)
            self.cache.registered(surface)
            self.counts.unit_aliases += 1

    def _parent_link(self, mention: UnitMention) -> None:
        # Only units this page created get a parent: a unit already in the registry is not rewritten.
        unit = self._page_units.get(mention.name.strip()[:200])
        if unit is None or not mention.parent or unit.pk not in self._created or unit.parent_id:
            return
        parent = self._page_units.get(mention.parent) or self._unit_find(mention.parent)
        if parent is not None and parent.pk != unit.pk:
            unit.parent = parent
            self._save(unit)

    def unit_by_name(self, name: str, article: Article, evidence: Evidence | None = None) -> Unit | None:
        """The unit a record names by canonical name; created pending when the
        pipeline named a unit it did not list among the article's units."""
        name = name.strip()[:200]
        if name in self._page_units:  # as the page's unit mentions resolved it, region and all
            return self._page_units[name]
        return self.unit_for_mention(UnitMention(name=name, evidence=evidence), article)

    # -- honours

    def _honour(self, mention: HonourMention) -> Honour | None:
        name = mention.honour.strip()[:200]
        if not name:
            return None
        honour = self.cache.honour(catalogue_key(name))
        if honour is None:
            honour = Honour(
                name=name,
                level=choice_field(mention.level, Honour.Level, Honour.Level.OTHER),
                category=choice_field(mention.category, Honour.Category, Honour.Category.OTHER),
                description="导入时新建，待核实",
            )
            self._save(honour)
            self.counts.honours += 1
            self.cache.honour_set(catalogue_key(name), honour)
        return honour

    def honour_award_store(self, mention: HonourMention, article: Article) -> HonourAward | None:
        unit = self.unit_by_name(mention.unit, article, mention.evidence)
        honour = self._honour(mention)
        if unit is None or honour is None:
            return None
        year = mention.year if mention.year is not None and 1949 <= mention.year <= 2100 else None
        # Any award held counts, a rejected one included: reviewers' "no" stands. So do
        # awards added earlier on this page; a year-less mention adds nothing to any year's.
        status = choice_field(mention.status, HonourAward.Status, HonourAward.Status.AWARDED)
        held = self.cache.awards(unit)
        if (honour.pk, year, status) in held or (
            year is None and any(key[0] == honour.pk and key[2] == status for key in held)
        ):
            self.counts.honour_awards_skipped += 1
            return None
        held.add((honour.pk, year, status))
        edition = (mention.edition or "")[:40]
        rounds = self.cache.rounds(honour)
        number = round_of_event([(r.number, r.label, r.year) for r in rounds], edition, year)
        award = HonourAward(
            unit=unit,
            honour=honour,
            year=year,
            edition=edition,
            round=next((r for r in rounds if r.number == number), None),
            status=status,
            note=mention.note,
            **self._provenance(article, mention.evidence),
        )
        self._pending[HonourAward].append(award)
        self.counts.honour_awards += 1
        return award

    # -- activities

    def _campaign(self, name: str | None) -> Campaign | None:
        if not name:
            return None
        if self.cache.campaigns is None:
            campaigns: dict[str, Campaign] = {}
            rows = list(Campaign.objects.all())
            for campaign in rows:
                for alias in campaign.aliases or ():
                    if isinstance(alias, str) and alias:
                        campaigns.setdefault(catalogue_key(alias), campaign)
            for campaign in rows:
                campaigns[catalogue_key(campaign.name)] = campaign
            self.cache.campaigns = campaigns
        return self.cache.campaigns.get(catalogue_key(name))

    def activity_store(self, mention: ActivityMention, article: Article) -> Activity:
        when, precision = date_fields(mention.date)
        campaign = self._campaign(mention.campaign)
        description = ""
        if mention.campaign and campaign is None:
            description = f"原文所述创建活动：{mention.campaign}（未在创建活动目录中）"
        activity = Activity(
            title=(mention.title.strip() or "（未命名活动）")[:300],
            campaign=campaign,
            date=when,
            date_precision=precision or DatePrecision.DAY,
            place=(mention.place or "")[:200],
            kind=choice_field(mention.kind, Activity.Kind, Activity.Kind.OTHER),
            participants=count_field(mention.participants),
            description=description,
            **self._provenance(article, mention.evidence),
        )
        self._pending[Activity].append(activity)
        self.counts.activities += 1
        seen: set[int] = set()
        for organiser in mention.organisers:
            unit = self.unit_by_name(organiser.unit, article, mention.evidence)
            if unit is None or unit.pk in seen:
                continue
            seen.add(unit.pk)
            role = ActivityOrganiser(
                activity=activity,
                unit=unit,
                role=choice_field(organiser.role, ActivityOrganiser.Role, ActivityOrganiser.Role.HOST),
            )
            self._pending[ActivityOrganiser].append(role)
        return activity

    # -- volunteer service

    def volunteer_record_store(self, mention: VolunteerMention, article: Article) -> VolunteerRecord | None:
        hours, person_times, volunteers = (
            hours_field(mention.hours),
            count_field(mention.person_times),
            count_field(mention.volunteers),
        )
        if hours is None and person_times is None and volunteers is None:
            return None
        unit = self.unit_by_name(mention.unit, article, mention.evidence)
        if unit is None:
            return None
        record = VolunteerRecord(
            unit=unit,
            hours=hours,
            person_times=person_times,
            volunteers=volunteers,
            approximate=bool(mention.approximate),
            period_text=(mention.period_text or "")[:100],
            **self._provenance(article, mention.evidence),
        )
        self._pending[VolunteerRecord].append(record)
        self.counts.volunteer_records += 1
        return record
