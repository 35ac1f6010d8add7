#!/usr/bin/env bash
# Scores the extractor on one part of the real-page corpus (bench/real): dev (tuning) or
# test (scored once, at the end). The texts must be present (bench/real/README.md).
# Usage: bench/eval_real.sh dev|test [--verbose]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
part="${1:?usage: bench/eval_real.sh dev|test [--verbose]}"
shift
python="${PYTHON:-$root/.venv/bin/python}"
scorer="${SCORER:-$root/../shared/eval/score.py}"
work="$(mktemp -d "${TMPDIR:-/tmp}/real.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir "$work/gold"
mapfile -t texts < <("$python" bench/real/corpus.py list "$part")
[ "${#texts[@]}" -gt 0 ] || { echo "no $part pages listed" >&2; exit 2; }
for text in "${texts[@]}"; do
    [ -f "$text" ] || { echo "missing text $text: rebuild it (bench/real/README.md)" >&2; exit 2; }
    cp "bench/real/gold/$(basename "${text%.txt}").json" "$work/gold/"
done
"$python" manage.py extract "${texts[@]}" --json -v 0 > "$work/pred.json"
"$python" "$scorer" --gold "$work/gold" --pred "$work/pred.json" "$@"
