"""Which library reads an e-paper page for the importer: trafilatura against our
selectolax reader (articles.conversion.from_html), on the seed pages rendered as e-paper
HTML by tests/articles/formats.py (own text: no real saved pages may be committed).

    .venv/bin/pip install trafilatura   # only for this comparison; not a dependency
    .venv/bin/python bench/compare_html_extractors.py

For each reader: the seed gold scored (../shared/eval/score.py) on what the extractor
reads from its text, and the CPU time per page of reading the HTML alone. trafilatura
is asked for Markdown with formatting, so its headings survive as ``#`` lines.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEEDS = ROOT.parent / "shared" / "seeds"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
GOLD = ROOT.parent / "shared" / "eval" / "gold"


def main() -> int:
    import trafilatura

    from articles.conversion import page_convert
    from articles.extraction import Lexicon, extract_page, page_to_json
    from tests.articles.formats import html_page, seed_articles

    pages = [(p.stem, html_page(seed_articles(p.read_text(encoding="utf-8")))) for p in sorted(SEEDS.glob("*.txt"))]

    def ours(data: bytes) -> str:
        return page_convert("page.html", data).text

    def theirs(data: bytes) -> str:
        text = trafilatura.extract(
            data.decode("utf-8"), output_format="markdown", include_formatting=True, include_comments=False
        )
        return "\n\n" + (text or "").replace("\n", "\n\n") + "\n"

    lexicon = Lexicon.from_files()
    for label, read in (("selectolax (articles.conversion)", ours), ("trafilatura 2.x", theirs)):
        started = time.process_time()
        texts = [(stem, read(data)) for stem, data in pages for _ in range(5)][::5]
        per_page = (time.process_time() - started) / len(pages) / 5 * 1000
        document = {
            "files": [
                page_to_json(extract_page(text, lexicon=lexicon, file_name=stem), f"{stem}.html")
                for stem, text in texts
            ]
        }
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False)
        score = subprocess.run(
            [sys.executable, str(SCORER), "--gold", str(GOLD), "--pred", out.name], capture_output=True, text=True
        ).stdout
        os.unlink(out.name)
        lines = [line for line in score.splitlines() if line.startswith(("articles", "units", "macro"))]
        print(f"{label}: {per_page:.1f} ms per page; " + "; ".join(" ".join(line.split()[:4]) for line in lines))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wenming.settings")
    sys.exit(main())
