"""The must-show scenario of issue 19: MED adopts a new revision of the guideline.

In a copy of the handbook: the 2018 text is kept in ``revisioner/``, Råd 4 and HUSK 3
change, HUSK 6 is added, and the sections are edited to match, as a maintainer
would (so the wording check passes and only the revision report tells the story).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from paddehatten.content import DEFAULT_CONTENT

NEW_REVISION = "Revideret i MED maj 2027"
RAAD_4_OLD = "Skift dit kodeord ofte – så minimere du risikoen for at blive hacket"
RAAD_4_NEW = "Skift dit kodeord hver tredje måned – så minimere du risikoen for at blive hacket"
HUSK_3_OLD = "Tænk over at du deler private oplysninger med forældrene."
HUSK_3_NEW = "Tænk over, hvilke private oplysninger du deler med forældrene."
HUSK_6 = "Sig som udgangspunkt nej tak til venneanmodninger fra forældre."


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def new_revision(target: Path) -> Path:
    """A copy of the shipped handbook at ``target`` with the new revision adopted."""
    shutil.copytree(DEFAULT_CONTENT, target)
    adopted = target / "vedtaget-tekst.txt"
    (target / "revisioner").mkdir(exist_ok=True)
    shutil.copyfile(adopted, target / "revisioner" / "2018-04.txt")
    _replace(adopted, RAAD_4_OLD, RAAD_4_NEW)
    _replace(adopted, HUSK_3_OLD, HUSK_3_NEW)
    _replace(
        adopted,
        "- Tag stilling til hvorfor I siger JA inden i godkender\n",
        f"- Tag stilling til hvorfor I siger JA inden i godkender\n- {HUSK_6}\n",
    )
    _replace(adopted, "Revideret i MED april 2018", NEW_REVISION)
    _replace(target / "sections" / "raad-4.md", RAAD_4_OLD, RAAD_4_NEW)
    _replace(target / "sections" / "husk-3.md", HUSK_3_OLD, HUSK_3_NEW)
    (target / "sections" / "husk-6.md").write_text(
        '---\nid: husk-6\nchapter: husk\nnumber: 6\ntitle: "Nej tak til forældre"\n---\n\n'
        f"{HUSK_6}\n",
        encoding="utf-8",
    )
    _replace(
        target / "handbook.yaml",
        "revision: Revideret i MED april 2018",
        f"revision: {NEW_REVISION}",
    )
    return target
