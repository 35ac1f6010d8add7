#!/usr/bin/env bash
# Held-out benchmark of the extraction pipeline (not a test): runs `manage.py extract`
# on bench/heldout/pages/*.txt and scores it against bench/heldout/gold with the shared
# scorer. Usage: bench/eval_heldout.sh [--verbose]   (from anywhere; extra args go to score.py)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
python="${PYTHON:-$root/.venv/bin/python}"
scorer="${SCORER:-$root/../shared/eval/score.py}"
out="$(mktemp "${TMPDIR:-/tmp}/heldout.XXXXXX.json")"
trap 'rm -f "$out"' EXIT
"$python" manage.py extract bench/heldout/pages/*.txt --json -v 0 > "$out"
"$python" "$scorer" --gold bench/heldout/gold --pred "$out" "$@"
