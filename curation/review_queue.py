"""The review queue: records of every reviewable type in one list, newest first.

One UNION ALL query over the record tables gives (creation time, pk, type) in
queue order; a page loads its records per type afterwards. The same order
decides which record comes next on the one-record review page.

Newest first is newest import first: the importer creates a file's records as
it stores the file. The order reads nothing but the record tables themselves,
so each table's partial index of its pending records (creation time, id)
serves it: at a province's scale (200,000 pending records) a page of the queue
takes tens of milliseconds, where sorting by each record's import run (a join
per record) took half a second.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from core.models import ReviewStatus
from core.queries import labelled_rows, union_newest_first
from core.review import reviewable_models


def reviewable_by_label() -> dict[str, type]:
    return {m._meta.label_lower: m for m in reviewable_models()}


@dataclass(frozen=True)
class QueueFilter:
    status: str = ReviewStatus.PENDING
    model: str = ""
    import_run: int | None = None
    article: int | None = None
    unit: int | None = None
    campaign: int | None = None

    def as_query(self) -> dict[str, str]:
        """The filter as GET parameters (what the queue page and the review page pass on)."""
        values = {
            "status": self.status if self.status != ReviewStatus.PENDING else "",
            "model": self.model,
            "import_run": self.import_run,
            "article": self.article,
            "unit": self.unit,
            "campaign": self.campaign,
        }
        return {k: str(v) for k, v in values.items() if v not in (None, "")}


def _unit_filter(model, unit_id):
    label = model._meta.label_lower
    if label == "units.unit":
        return {"pk": unit_id}
    if label == "campaigns.activity":
        return {"organiser_roles__unit_id": unit_id}
    return {"unit_id": unit_id}


def _campaign_filter(model, campaign_id):
    label = model._meta.label_lower
    if label == "campaigns.activity":
        return {"campaign_id": campaign_id}
    if label == "campaigns.volunteerrecord":
        return {"activity__campaign_id": campaign_id}
    return None


def queue_rows(f: QueueFilter, *, allowed: set[str] | None = None):
    """(created, pk, type label) of the records matching `f`, in queue
    order, as a queryset that can be counted and sliced. `allowed` limits the types
    (to those the reviewer may see)."""
    parts = []
    for label, model in reviewable_by_label().items():
        if (f.model and f.model != label) or (allowed is not None and label not in allowed):
            continue
        qs = model._default_manager.filter(review_status=f.status)
        if f.import_run:
            qs = qs.filter(article__import_run_id=f.import_run)
        if f.article:
            qs = qs.filter(article_id=f.article)
        if f.unit:
            qs = qs.filter(**_unit_filter(model, f.unit))
        if f.campaign:
            lookup = _campaign_filter(model, f.campaign)
            if lookup is None:
                continue
            qs = qs.filter(**lookup)
        parts.append(labelled_rows(qs, at="created_at", pk="pk", label=label))
    return union_newest_first(parts, empty=reviewable_models()[0]._default_manager.none().values_list("pk"))


def queue_records(rows) -> list:
    """The records of a slice of `queue_rows`, in its order, with what a reviewer sees loaded."""
    rows = list(rows)
    wanted: dict[str, list[int]] = defaultdict(list)
    for *_, pk, label in rows:
        wanted[label].append(pk)
    models = reviewable_by_label()
    loaded = {}
    for label, pks in wanted.items():
        model = models[label]
        related = ["article", "article__import_run", "reviewed_by"]
        related += [f.name for f in model._meta.concrete_fields if f.is_relation and f.name not in related]
        for obj in model._default_manager.select_related(*related).filter(pk__in=pks):
            loaded[(label, obj.pk)] = obj
    return [loaded[(label, pk)] for *_, pk, label in rows if (label, pk) in loaded]


def queue_neighbour(f: QueueFilter, label: str, pk: int, *, allowed=None, chunk: int = 200):
    """(label, pk) of the record after (label, pk) in the queue, or of the first one
    when (label, pk) is not in it; None at the end of the queue."""
    qs = queue_rows(f, allowed=allowed)
    offset, found, first = 0, False, None
    while True:
        rows = list(qs[offset : offset + chunk])
        if not rows:
            return None if found else first
        for *_, row_pk, row_label in rows:
            key = (row_label, row_pk)
            if found:
                return key
            if first is None and key != (label, pk):
                first = key
            if key == (label, pk):
                found = True
        offset += chunk
