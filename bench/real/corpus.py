#!/usr/bin/env python3
"""The real-page extraction corpus: sources, split, and checks of the local texts.

The texts are other people's writing, so only their list (sources/*.tsv), their sha256
and our own gold annotation (gold/<id>.json) are committed; the texts themselves live
in the git-ignored texts/ folder, rebuilt from the list with the search tool (corpus
`pages`, which returns each stored page from its beginning). See README.md.

    python bench/real/corpus.py check            # every text present, hashed, gold consistent
    python bench/real/corpus.py split URL        # which part a URL falls in (dev/test)
    python bench/real/corpus.py list [dev|test]  # text paths of one part, for `manage.py extract`
    python bench/real/corpus.py missing          # ids whose text is absent or changed
    python bench/real/corpus.py add LIST ID URL HEADLINE PUBLISHER PROVINCE DATE GENRE
                                                 # list texts/ID.txt in sources/LIST.tsv

Standard-library Python only, so it runs before the project is installed.
"""

import csv
import hashlib
import json
import pathlib
import re
import sys
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
COLUMNS = ("id", "split", "url", "headline", "publisher", "province", "date", "genre", "sha256")
STRIP = str.maketrans("", "", " \t\r\n\u3000“”‘’\"'《》「」『』")
ISO_DATE = re.compile(r"^(\d{4}|\?{4})(-(\d{2}|\?\?)(-(\d{2}|\?\?))?)?$")
RECORD_TYPES = ("honours", "volunteer_service", "activities")


def split_of(url: str) -> str:
    """A quarter of the pages are the test part, fixed by the URL alone before any tuning."""
    digest = hashlib.sha256(url.strip().encode("utf-8")).hexdigest()
    return "test" if int(digest[:8], 16) % 4 == 0 else "dev"


def norm(text) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).translate(STRIP)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sources() -> list[dict]:
    rows = []
    for path in sorted((HERE / "sources").glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                row["_list"] = path.name
                rows.append(row)
    return rows


def text_path(source_id: str) -> pathlib.Path:
    return HERE / "texts" / f"{source_id}.txt"


def check_gold(row: dict, text: str) -> list[str]:
    problems = []
    gold_path = HERE / "gold" / f"{row['id']}.json"
    if not gold_path.exists():
        return [f"no gold file {gold_path.name}"]
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        return [f"gold is not JSON: {exc}"]
    if gold.get("file") != f"{row['id']}.txt":
        problems.append(f"gold 'file' should be {row['id']}.txt")
    body = norm(text)
    for article in gold.get("articles", []):
        if norm(article.get("title")) not in body:
            problems.append(f"title not in text: {article.get('title')}")
    names = set()
    for unit in gold.get("units", []):
        names.add(unit["name"])
        surface = [a for a in unit.get("aliases", [])]
        for alias in surface:
            if norm(alias) not in body:
                problems.append(f"alias not in text: {alias}")
        if norm(unit["name"]) not in body and not surface:
            problems.append(f"unit named nowhere in the text: {unit['name']}")
    for kind in RECORD_TYPES:
        for record in gold.get(kind, []):
            refs = record.get("organizers", []) if kind == "activities" else [record.get("unit")]
            for ref in refs:
                if ref not in names:
                    problems.append(f"{kind} names a unit missing from units: {ref}")
            if kind == "activities" and record.get("date") and not ISO_DATE.match(record["date"]):
                problems.append(f"activity date is not ISO: {record['date']}")
            if kind == "honours" and not record.get("honour"):
                problems.append("honour without a name")
    return problems


def check() -> int:
    rows = sources()
    seen, failures = set(), 0
    for row in rows:
        label = f"{row['_list']}:{row['id']}"
        problems = []
        if row["id"] in seen:
            problems.append("duplicate id")
        seen.add(row["id"])
        if row["split"] != split_of(row["url"]):
            problems.append(f"split should be {split_of(row['url'])}")
        path = text_path(row["id"])
        if not path.exists():
            problems.append("text missing (rebuild it, see README.md)")
        else:
            text = path.read_text(encoding="utf-8")
            if text_hash(text) != row["sha256"]:
                problems.append("text differs from the listed sha256")
            problems += check_gold(row, text)
        for problem in problems:
            print(f"{label}: {problem}")
        failures += bool(problems)
    parts = {s: sum(r["split"] == s for r in rows) for s in ("dev", "test")}
    provinces = {r["province"] for r in rows}
    print(
        f"{len(rows)} pages ({parts['dev']} dev, {parts['test']} test), "
        f"{len(provinces)} provinces; {failures} with problems"
    )
    return 1 if failures else 0


def add(list_name, source_id, url, headline, publisher, province, date, genre) -> int:
    path = text_path(source_id)
    if not path.exists():
        print(f"write the page text to {path} first", file=sys.stderr)
        return 1
    if any(r["id"] == source_id for r in sources()):
        print(f"{source_id} is listed already", file=sys.stderr)
        return 1
    values = (source_id, split_of(url), url, headline, publisher, province, date, genre)
    row = dict(zip(COLUMNS, (*values, text_hash(path.read_text(encoding="utf-8"))), strict=True))
    target = HERE / "sources" / f"{list_name}.tsv"
    new = not target.exists()
    with target.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
        if new:
            writer.writeheader()
        writer.writerow(row)
    print(row["split"], source_id)
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "check":
        return check()
    if command == "split":
        for url in rest:
            print(split_of(url), url)
        return 0
    if command == "list":
        wanted = set(rest) or {"dev", "test"}
        for row in sources():
            if row["split"] in wanted:
                print(text_path(row["id"]))
        return 0
    if command == "add" and len(rest) == 8:
        return add(*rest)
    if command == "missing":
        for row in sources():
            path = text_path(row["id"])
            if not path.exists() or text_hash(path.read_text(encoding="utf-8")) != row["sha256"]:
                print(row["id"], row["url"], row["headline"], sep="\t")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
