# whosaid tasks. `just --list` shows them.

set shell := ["bash", "-euo", "pipefail", "-c"]

# Cargo profile for build-dataset: release by default; CI may use `dev` to
# avoid a second full build (the tables do not depend on the profile).
profile := env("WHOSAID_PROFILE", "release")

# Build the dataset from INPUT (default: the sample corpus) into OUT.
build-dataset input="data/corpus" out="output":
    cargo run --profile {{profile}} -q -p whosaid-cli -- build {{input}} --out {{out}}

# Format check, lints and every test. The tests include the regeneration
# check: the sample corpus must build to the committed output/ CSVs.
test:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings
    cargo test --workspace

# Regenerate output/ with build-dataset's profile; fail if the committed CSVs change.
check-dataset:
    just build-dataset
    git diff --exit-code --stat -- output/ || { echo "output/ changed: run 'just build-dataset' and commit output/"; exit 1; }
    test -z "$(git status --porcelain -- output/)" || { git status --porcelain -- output/; echo "output/ has files git does not track: commit them or ignore them"; exit 1; }

# Score the pipeline on the shared quality sets (needs ../shared); see docs/quality.md.
quality:
    just build-dataset ../shared/seeds /tmp/whosaid-seeds
    python3 ../shared/tools/check_seeds.py --gold ../shared/fixtures/seeds-gold.json --out /tmp/whosaid-seeds
    just build-dataset ../shared/data/aeb-dev/html /tmp/whosaid-aeb
    python3 ../shared/tools/score_aeb.py --gold ../shared/data/aeb-dev/ground-truth.json --pred /tmp/whosaid-aeb
    just build-dataset ../shared/data/polnear-train/texts /tmp/whosaid-polnear
    python3 ../shared/tools/score_quotes.py --gold ../shared/data/polnear-train/gold.jsonl --pred /tmp/whosaid-polnear

# Benchmark corpus of SIZE MB (50 to 5000), built on 1 and 2 threads: MB/s,
# documents/s, seconds per stage, peak memory (see docs/benchmarks.md).
bench size="500":
    bash bench/run.sh {{size}}

# spaCy + textacy beside whosaid on a SLICE_MB slice of the SIZE corpus, plus wc -w.
bench-spacy size="500" slice="2":
    bash bench/spacy.sh {{size}} {{slice}}
