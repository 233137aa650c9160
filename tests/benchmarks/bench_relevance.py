"""Relevance: does search put a section that answers the query first?

    python tests/benchmarks/bench_relevance.py            # the table, and figures in results/
    python tests/benchmarks/bench_relevance.py --misses   # also every query that failed

Reads ``eval_queries.yaml`` (queries by category, each with the guideline sections that
answer it) and reports, per category and in all, success@1 and success@3 (a section
that answers is among the first 1 or 3 hits) and MRR (the mean of 1 / the rank of the
first such section, 0 when it is not among the first 20). A decision-tree text never
counts as the answer.

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

Ranker = Callable[[str], list[str]]


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

    def __call__(self, text: str) -> list[str]:
        from whoosh.query import Or, Term

        terms = {token.text for token in self.analyzer(text)}
        if not terms:
            return []
        query = Or([Term(field, term) for term in sorted(terms) for field in ("title", "body")])
        return [hit["id"] for hit in self.searcher.search(query, limit=DEPTH)]


def evaluate(rank: Ranker, queries: dict[str, dict[str, set[str]]]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    misses: list[tuple[str, str, list[str]]] = []
    everything = {"n": 0, "s1": 0.0, "s3": 0.0, "mrr": 0.0}
    for category, rows in queries.items():
        row = {"n": 0, "s1": 0.0, "s3": 0.0, "mrr": 0.0}
        for query, wanted in rows.items():
            found = rank(query)[:DEPTH]
            place = next((i for i, doc in enumerate(found) if doc in wanted), None)
            row["n"] += 1
            if place is not None:
                row["s1"] += place < 1
                row["s3"] += place < 3
                row["mrr"] += 1 / (place + 1)
            if place is None or place >= 1:
                misses.append((category, query, found[:3]))
        for key in ("n", "s1", "s3", "mrr"):
            everything[key] += row[key]
        table[category] = {k: (v / row["n"] if k != "n" else v) for k, v in row.items()}
    table["all"] = {k: (v / everything["n"] if k != "n" else v) for k, v in everything.items()}
    return {"table": table, "misses": misses}


def show(name: str, ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    print(f"\n{'category':<12} {'n':>3}   {'success@1':>15} {'success@3':>15} {'MRR':>15}")
    heading = f"{name} / bm25"
    print(f"{'':<12} {'':>3}   {heading:>15} {heading:>15} {heading:>15}")
    for category, row in ours["table"].items():
        other = theirs["table"][category]
        cells = "".join(f"   {row[k]:>6.2f} / {other[k]:<5.2f}" for k in ("s1", "s3", "mrr"))
        print(f"{category:<12} {row['n']:>3}{cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the queries that failed")
    args = parser.parse_args()
    queries = load_queries()
    handbook = load_handbook(DEFAULT_CONTENT)
    trees = tree_documents(handbook)
    index = open_index(handbook, extra=trees, cache=False)
    baseline = Baseline(handbook_documents(handbook, trees))

    def ours(text: str) -> list[str]:
        return [hit.id for hit in index.search(text, DEPTH).hits]

    start = time.perf_counter()
    mine = evaluate(ours, queries)
    elapsed = time.perf_counter() - start
    theirs = evaluate(baseline, queries)
    show("ours", mine, theirs)
    print(f"\n{mine['table']['all']['n']} queries; our search took {elapsed * 1000:.0f} ms in all")
    if args.misses:
        print("\nnot first (category, query, first three hits):")
        for category, query, found in mine["misses"]:
            print(f"  {category:<12} {query!r:<50} {found}")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"relevance-{time.strftime('%Y%m%d-%H%M%S')}.json"
    figures = {"ours": mine, "bm25": theirs}
    out.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"figures written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
