#!/usr/bin/env bash
# The seed pages in every format (not a test): renders ../shared/seeds/*.txt into HTML,
# PDF (two columns) and DOCX with scripts/make_format_samples, runs `manage.py extract
# --json` on each format and scores it with the shared scorer. The rendered files keep
# the seed's file stem, which is what the gold is keyed on (score.py matches by stem),
# so no renaming is needed. Usage: bench/eval_formats.sh [--verbose]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
python="${PYTHON:-$root/.venv/bin/python}"
scorer="${SCORER:-$root/../shared/eval/score.py}"
gold="${GOLD:-$root/../shared/eval/gold}"
seeds="${SEEDS:-$root/../shared/seeds}"
work="$(mktemp -d "${TMPDIR:-/tmp}/formats.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$python" scripts/make_format_samples "$work" "$seeds"/*.txt
for format in txt html pdf docx; do
    if [ "$format" = txt ]; then files=("$seeds"/*.txt); else files=("$work"/*."$format"); fi
    DJANGO_DEBUG=true "$python" manage.py extract "${files[@]}" --json -v 0 > "$work/$format.json"
    echo "== $format"
    "$python" "$scorer" --gold "$gold" --pred "$work/$format.json" "$@"
done
