"""Relevance: does search put a section that answers the query first?

    python tests/benchmarks/bench_relevance.py            # the table, and figures in results/
    python tests/benchmarks/bench_relevance.py --misses   # also every query that failed
    python tests/benchmarks/bench_relevance.py --queries tests/benchmarks/eval_fresh_tune.yaml

Reads ``eval_queries.yaml``, or each file given with ``--queries`` (queries by
category, each with the guideline sections that answer it), and reports, per category
and in all, success@1 and success@3 (a section that answers is among the first 1 or 3
sections found) and MRR (the mean of 1 / the rank of the first such section, 0 when it
is not among the first 20). Decision-tree texts are left out of the ranks: they are
never the answer. A query with no sections (``[]``: the guideline does not cover it)
counts apart: the share that found nothing, and the share with a confident hit (a
section not marked as weak, «måske relevant»); success there is nothing or only weak
hits.

Measured in the same run, on the same documents (the guideline's sections and the
decision tree's texts): a plain BM25F baseline (whoosh's BM25F, Danish Snowball stemmer
and stop words, title counting double, any word may match). Not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from paddehatten.content import DEFAULT_CONTENT, load_handbook  # noqa: E402
from paddehatten.index import Document, open_index  # noqa: E402
from paddehatten.index.documents import handbook_documents  # noqa: E402
from paddehatten.index.tree_documents import tree_documents  # noqa: E402

QUERIES = Path(__file__).resolve().parent / "eval_queries.yaml"
RESULTS = Path(__file__).resolve().parent / "results"
DEPTH = 20

#: A ranking: the sections found, best first, each with whether it is marked as weak.
Ranker = Callable[[str], list[tuple[str, bool]]]


def load_queries(path: Path = QUERIES) -> dict[str, dict[str, set[str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        category: {str(query): set(ids) for query, ids in rows.items()}
        for category, rows in data.items()
    }


class Baseline:
    """BM25F over title (×2) and body, Danish Snowball stems, any word matching."""

    def __init__(self, documents: list[Document]) -> None:
        from whoosh.analysis import LanguageAnalyzer
        from whoosh.fields import ID, TEXT, Schema
        from whoosh.filedb.filestore import RamStorage

        self.analyzer = LanguageAnalyzer("da")
        schema = Schema(
            id=ID(stored=True),
            title=TEXT(analyzer=self.analyzer, field_boost=2.0),
            body=TEXT(analyzer=self.analyzer),
        )
        self.ix = RamStorage().create_index(schema)
        writer = self.ix.writer()
        for document in documents:
            writer.add_document(id=document.id, title=document.title, body=document.text)
        writer.commit()
        self.searcher = self.ix.searcher()

    def __call__(self, text: str) -> list[tuple[str, bool]]:
        from whoosh.query import Or, Term

        terms = {token.text for token in self.analyzer(text)}
        if not terms:
            return []
        query = Or([Term(field, term) for term in sorted(terms) for field in ("title", "body")])
        hits = self.searcher.search(query, limit=DEPTH)
        return [(hit["id"], False) for hit in hits if not hit["id"].startswith("tree:")]


def evaluate(rank: Ranker, queries: dict[str, dict[str, set[str]]]) -> dict[str, Any]:
    """Per category and in all: success@1, success@3 and MRR over the queries with
    sections to find; for queries with none (the guideline does not cover them), the
    share that found nothing (``none``) and the share with a confident hit
    (``confident``: a section not marked as weak)."""
    table: dict[str, Any] = {}
    misses: list[tuple[str, str, list[str]]] = []
    everything = {"n": 0, "s1": 0.0, "s3": 0.0, "mrr": 0.0}
    uncovered_all = {"n": 0, "none": 0.0, "confident": 0.0}
    for category, rows in queries.items():
        row = {"n": 0, "s1": 0.0, "s3": 0.0, "mrr": 0.0}
        uncovered = {"n": 0, "none": 0.0, "confident": 0.0}
        for query, wanted in rows.items():
            ranked = rank(query)[:DEPTH]
            found = [doc for doc, _ in ranked]
            if not wanted:
                uncovered["n"] += 1
                uncovered["none"] += not ranked
                uncovered["confident"] += any(not weak for _, weak in ranked)
                if any(not weak for _, weak in ranked):
                    misses.append((category, query, found[:3]))
                continue
            place = next((i for i, doc in enumerate(found) if doc in wanted), None)
            row["n"] += 1
            if place is not None:
                row["s1"] += place < 1
                row["s3"] += place < 3
                row["mrr"] += 1 / (place + 1)
            if place is None or place >= 1:
                misses.append((category, query, found[:3]))
        for key in row:
            everything[key] += row[key]
        for key in uncovered:
            uncovered_all[key] += uncovered[key]
        if row["n"]:
            table[category] = {k: (v / row["n"] if k != "n" else v) for k, v in row.items()}
        if uncovered["n"]:
            table[f"{category} (ikke dækket)"] = _shares(uncovered)
    if everything["n"]:
        table["all"] = {k: (v / everything["n"] if k != "n" else v) for k, v in everything.items()}
    if uncovered_all["n"]:
        table["all (ikke dækket)"] = _shares(uncovered_all)
    return {"table": table, "misses": misses}


def _shares(counts: dict[str, float]) -> dict[str, float]:
    return {k: (v / counts["n"] if k != "n" else v) for k, v in counts.items()}


def show(name: str, ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    heading = f"{name} / bm25"
    print(f"\n{'category':<24} {'n':>3}   {'success@1':>15} {'success@3':>15} {'MRR':>15}")
    print(f"{'':<24} {'':>3}   {heading:>15} {heading:>15} {heading:>15}")
    for category, row in ours["table"].items():
        if "mrr" not in row:
            continue
        other = theirs["table"][category]
        cells = "".join(f"   {row[k]:>6.2f} / {other[k]:<5.2f}" for k in ("s1", "s3", "mrr"))
        print(f"{category:<24} {row['n']:>3}{cells}")
    uncovered = [(c, row) for c, row in ours["table"].items() if "none" in row]
    if uncovered:
        print(f"\n{'not covered':<24} {'n':>3}   {'found nothing':>15} {'confident hit':>15}")
        print(f"{'':<24} {'':>3}   {heading:>15} {heading:>15}")
        for category, row in uncovered:
            other = theirs["table"][category]
            cells = "".join(f"   {row[k]:>6.2f} / {other[k]:<5.2f}" for k in ("none", "confident"))
            print(f"{category:<24} {row['n']:>3}{cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the queries that failed")
    parser.add_argument(
        "--queries",
        type=Path,
        action="append",
        help="a file of labelled queries (category: {query: [section ids]}); "
        "may be given more than once; eval_queries.yaml when not given",
    )
    args = parser.parse_args()
    handbook = load_handbook(DEFAULT_CONTENT)
    trees = tree_documents(handbook)
    index = open_index(handbook, extra=trees, cache=False)
    baseline = Baseline(handbook_documents(handbook, trees))

    def ours(text: str) -> list[tuple[str, bool]]:
        return [
            (hit.id, getattr(hit, "weak", False))
            for hit in index.search(text, DEPTH).hits
            if hit.kind == "section"
        ]

    figures: dict[str, Any] = {}
    for path in args.queries or [QUERIES]:
        queries = load_queries(path)
        start = time.perf_counter()
        mine = evaluate(ours, queries)
        elapsed = time.perf_counter() - start
        theirs = evaluate(baseline, queries)
        print(f"\n=== {path.name} ===")
        show("ours", mine, theirs)
        count = sum(len(rows) for rows in queries.values())
        print(f"\n{count} queries; our search took {elapsed * 1000:.0f} ms in all")
        if args.misses:
            print(
                "\nnot first, or a confident hit where none should be "
                "(category, query, first three):"
            )
            for category, query, found in mine["misses"]:
                print(f"  {category:<14} {query!r:<50} {found}")
        figures[path.name] = {"ours": mine, "bm25": theirs}
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"relevance-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"figures written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
