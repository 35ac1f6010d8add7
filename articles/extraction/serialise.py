"""The JSON contract of `manage.py extract --json` (see shared/eval/README.md)."""

from __future__ import annotations

from .records import ArticleExtraction, PageExtraction, PartialDate


def _date(value: PartialDate | None) -> str | None:
    return value.iso() if value is not None else None


def _number(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def article_to_json(article: ArticleExtraction) -> dict:
    return {
        "title": article.title,
        "subtitle": article.subtitle,
        "date": _date(article.date),
        "bylines": list(article.bylines),
        "units": [{"name": u.name, "aliases": list(u.aliases), "kind": u.kind} for u in article.units],
        "honours": [
            {
                "unit": h.unit,
                "honour": h.honour,
                "level": h.level,
                "year": h.year,
                "status": h.status,
                "edition": h.edition or None,
                "evidence": h.evidence.sentence if h.evidence else None,
            }
            for h in article.honours
        ],
        "activities": [
            {
                "title": a.title,
                "date": _date(a.date),
                "organizers": [o.unit for o in a.organisers],
                "place": a.place or None,
                "participants": a.participants,
                "campaign": a.campaign,
                "evidence": a.evidence.sentence if a.evidence else None,
            }
            for a in article.activities
        ],
        "volunteer_service": [
            {
                "unit": v.unit,
                "hours": _number(v.hours),
                "person_times": v.person_times,
                "volunteers": v.volunteers,
                "approximate": v.approximate,
                "period": v.period_text or None,
                "evidence": v.evidence.sentence if v.evidence else None,
            }
            for v in article.volunteer_service
        ],
    }


def page_to_json(page: PageExtraction, file_name: str) -> dict:
    return {"file": file_name, "articles": [article_to_json(a) for a in page.articles]}
