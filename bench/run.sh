#!/usr/bin/env bash
# `just bench [SIZE]`: makes (once) a benchmark corpus of SIZE MB, builds the
# dataset from it on 1 and 2 threads, and prints MB/s, documents/s, seconds
# per stage and peak memory of each run. See docs/benchmarks.md.
#
# The corpus is recombined from data/corpus and, when present,
# ../shared/data/polnear-train/texts (read where they are, never copied into
# the project); it goes to bench/corpora/SIZE, the outputs to bench/out/ (both
# ignored by git). Results are appended to bench/out/results.jsonl. Each run's
# tables (about 3.5 times the corpus) are removed once measured, its manifest
# kept as bench/out/NAME-tN.manifest.json; BENCH_KEEP=1 keeps the tables.
set -euo pipefail
size=${1:-500}
threads=${BENCH_THREADS:-"1 2"}
seed=${BENCH_SEED:-1}
# BENCH_FRESH=PERCENT: replace that share of words (whosaid-bench-corpus
# --fresh-words), so that passages stop recurring as they do in real news.
fresh=${BENCH_FRESH:-0}
keep=${BENCH_KEEP:-0}
cd "$(dirname "$0")/.."
# Fails before the work when the disk holding bench/ has less than $1 MB free.
need_mb() {
    local free_kb
    free_kb=$(df -Pk bench 2>/dev/null | awk 'NR == 2 {print $4}')
    if ! [[ $free_kb =~ ^[0-9]+$ ]]; then
        echo "bench: could not read the free space of bench/ (df); going on" >&2
        return
    fi
    if (( free_kb / 1024 < $1 )); then
        echo "bench: $2 needs about $1 MB free beside bench/, and $(( free_kb / 1024 )) MB are" >&2
        exit 1
    fi
}
if ! [[ $size =~ ^[0-9]+$ ]] || (( size < 50 || size > 5000 )); then
    echo "bench: SIZE is in MB, from 50 to 5000 (got '$size')" >&2
    exit 2
fi
cargo build --release -q -p whosaid-cli -p whosaid-bench
bin=${CARGO_TARGET_DIR:-target}/release
sources=(--source data/corpus)
if [[ -d ../shared/data/polnear-train/texts ]]; then
    sources+=(--source ../shared/data/polnear-train/texts)
fi
corpus=bench/corpora/$size
recipe="whosaid-bench-corpus --size-mb $size --seed $seed ${sources[*]}"
if (( fresh > 0 )); then
    corpus=bench/corpora/$size-fresh$fresh
    recipe+=" --fresh-words $fresh"
fi
if [[ "$(cat "$corpus.recipe" 2>/dev/null)" != "$recipe" ]]; then
    # Its many small files take about 4/3 of their size in disk blocks; the
    # build after it, 3.5 times.
    need_mb $(( size * 4 / 3 + size * 7 / 2 )) "making $corpus and building it"
    echo "bench: making $corpus"
    "$bin/whosaid-bench-corpus" --size-mb "$size" --seed "$seed" "${sources[@]}" \
        --fresh-words "$fresh" --out "$corpus"
    echo "$recipe" > "$corpus.recipe"
fi
mkdir -p bench/out
echo "bench: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)"
for t in $threads; do
    out=bench/out/$(basename "$corpus")-t$t
    # The last run's tables, and the staging folder of one that was killed.
    rm -rf "$out" bench/out/."$(basename "$out")".partial-*
    need_mb $(( $(du -sm --apparent-size "$corpus" | cut -f1) * 7 / 2 )) "a build of $corpus"
    cmd="$bin/whosaid build $corpus --out $out --threads $t --quiet --force"
    # GNU time's maximum resident set size is the kernel's count of the
    # process's peak; the manifest's peak_rss_bytes is the process's own.
    /usr/bin/time -f "%M %e %U %S" -o bench/out/time.txt $cmd
    read -r max_kb wall user sys < bench/out/time.txt
    python3 - "$out/manifest.json" "$size" "$t" "$max_kb" "$user" "$sys" "$cmd" "$fresh" <<'PY'
import json, sys
path, size, t, max_kb, user, sys_s, cmd, fresh = sys.argv[1:]
m = json.load(open(path))
r = {
    "size_mb": int(size), "fresh_words": int(fresh), "threads": int(t), "mb": m["bytes_read"] / 1e6,
    "documents": m["counts"]["documents"], "seconds": round(m["seconds"], 2),
    "mb_per_s": round(m["mb_per_s"], 2), "documents_per_s": round(m["documents_per_s"]),
    "cpu_s": round(float(user) + float(sys_s), 1),
    "peak_rss_mb": round(int(max_kb) / 1024), "stages_s": {k: round(v, 2) for k, v in m["timings_s"].items()},
    "command": cmd,
}
with open("bench/out/results.jsonl", "a") as f:
    f.write(json.dumps(r) + "\n")
stages = ", ".join(f"{k} {v}" for k, v in r["stages_s"].items())
print(f"{size} MB ({fresh}% fresh words), {t} thread(s): {r['mb_per_s']} MB/s, {r['documents_per_s']} docs/s, "
      f"{r['seconds']} s ({r['cpu_s']} CPU-s), peak RSS {r['peak_rss_mb']} MB\n  stages (s): {stages}")
PY
    cp "$out/manifest.json" "$out.manifest.json"
    if [[ $keep != 1 ]]; then
        rm -rf "$out"
    fi
done
# The speed-up from 1 to 2 threads, when this run timed both.
if [[ " $threads " == *" 1 "* && " $threads " == *" 2 "* ]]; then
    python3 - "$size" "$fresh" <<'PY'
import json, sys
size, fresh = int(sys.argv[1]), int(sys.argv[2])
last = {}
for line in open("bench/out/results.jsonl"):
    r = json.loads(line)
    if r["size_mb"] == size and r["fresh_words"] == fresh:
        last[r["threads"]] = r
print(f"speed-up from 1 to 2 threads: {last[1]['seconds'] / last[2]['seconds']:.2f}x")
PY
fi
