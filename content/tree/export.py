"""A decision tree as JSON, as a list of every path, and as a Mermaid flowchart.

For scripts and for the MED committee, who review the tree as a whole.
"""

from __future__ import annotations

from typing import Any

from paddehatten.content.model import Handbook
from paddehatten.content.tree.model import DecisionTree, Outcome, Question

#: The most paths ``tree --paths`` lists: more than a committee can read through.
MAX_PATHS = 5_000


def tree_json(tree: DecisionTree) -> dict[str, Any]:
    """The tree with exactly the keys the command line promises."""
    return {
        "id": tree.id,
        "title": tree.title,
        "start": tree.start,
        "questions": [
            {
                "id": q.id,
                "text": q.text,
                "hint": q.hint,
                "cites": list(q.cites),
                "answers": [{"id": a.id, "label": a.label, "next": a.next} for a in q.answers],
            }
            for q in tree.questions
        ],
        "outcomes": [
            {"id": o.id, "title": o.title, "body": o.body, "cites": list(o.cites)}
            for o in tree.outcomes
        ],
    }


def cite_labels(handbook: Handbook, cites: tuple[str, ...]) -> str:
    """ "HUSK 5, Råd 8": how the guideline names the cited points."""
    labels = []
    for cite in cites:
        section = handbook.get(cite)
        labels.append(handbook.label(section) if section is not None else cite)
    return ", ".join(labels)


def render_paths(tree: DecisionTree, handbook: Handbook) -> str:
    """Every path from the first question to an outcome, for review.

    Each path opens with a title in words (where it ends, after how many questions),
    then the path in words, and last its ids (question → answer → … → outcome) for
    whoever edits the tree's file.
    """
    paths = tree.paths()
    out = [tree.title, f"{len(paths)} veje, højst {tree.depth} spørgsmål på hver", ""]
    for number, path in enumerate(paths, start=1):
        ids = [part for question, answer in path.steps for part in (question.id, answer.id)]
        asked = len(path.steps)
        count = "1 spørgsmål" if asked == 1 else f"{asked} spørgsmål"
        out.append(f"Vej {number} af {len(paths)}: «{path.outcome.title}», efter {count}")
        for question, answer in path.steps:
            out.append(f"  {question.text}")
            out.append(f"    → {answer.label}")
        outcome = path.outcome
        gap = " [retningslinjen dækker det ikke]" if outcome.gap else ""
        out.append(f"  Resultat: {outcome.title}{gap}")
        out.append(f"    bygger på: {cite_labels(handbook, outcome.cites)}")
        out.append(f"  Id'er: {' → '.join([*ids, path.outcome.id])}")
        out.append("")
    return "\n".join(out)


def _mermaid_id(node_id: str, node: Question | Outcome) -> str:
    prefix = "q" if isinstance(node, Question) else "o"
    return f"{prefix}_{node_id.replace('-', '_')}"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;")


def render_mermaid(tree: DecisionTree, handbook: Handbook) -> str:
    """A Mermaid flowchart: questions as diamonds, outcomes as rounded boxes."""
    out = ["flowchart TD"]
    for question in tree.questions:
        out.append(f'    {_mermaid_id(question.id, question)}{{"{_mermaid_text(question.text)}"}}')
    for outcome in tree.outcomes:
        label = f"{outcome.title}<br/><small>{cite_labels(handbook, outcome.cites)}</small>"
        out.append(f'    {_mermaid_id(outcome.id, outcome)}(["{_mermaid_text(label)}"])')
    for question in tree.questions:
        source = _mermaid_id(question.id, question)
        for answer in question.answers:
            target = _mermaid_id(answer.next, tree.node(answer.next))
            out.append(f'    {source} -->|"{_mermaid_text(answer.label)}"| {target}')
    gaps = [_mermaid_id(o.id, o) for o in tree.outcomes if o.gap]
    if gaps:
        out.append("    classDef gap stroke-dasharray: 5 5")
        out.append(f"    class {','.join(gaps)} gap")
    return "\n".join(out) + "\n"
