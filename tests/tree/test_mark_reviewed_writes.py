"""``check --mark-reviewed`` writes that cannot corrupt (issue 18, item 3; issue 19).

The tree file is edited through its parsed YAML: any line ending, aliases and
comments are kept; it is written beside and renamed; a symlink stays a symlink; a
read-only file or folder is respected with a Danish message; the owner stays; a
killed run's temporary file is cleaned up; every message names the folder.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from paddehatten.content import DEFAULT_CONTENT, load_handbook
from paddehatten.content.tree import load_tree
from tests.conftest import replace_in, run_cli

TREE = Path("trees") / "venneanmodning.yaml"


def mark(root: Path, by: str = "MED") -> tuple[int, str, str]:
    result = run_cli("check", "--mark-reviewed", "--by", by, str(root))
    assert "Traceback" not in result.stderr, result.stderr
    assert str(DEFAULT_CONTENT) not in result.stdout + result.stderr
    return result.returncode, result.stdout, result.stderr


def all_reviewed(root: Path) -> bool:
    tree = load_tree(load_handbook(root))
    citing = [node for node in tree.nodes if node.cites]
    return bool(citing) and all(n.review is not None and n.review.by == "MED" for n in citing)


def without_reviews(data: bytes) -> bytes:
    """The file with the rows --mark-reviewed added taken out again, endings kept."""
    rows = data.decode("utf-8").splitlines(keepends=True)
    return "".join(r for r in rows if not r.lstrip().startswith("reviewed: {by: ")).encode()


def test_cr_only_line_endings_stay_and_the_file_stays_valid(handbook_copy: Path) -> None:
    path = handbook_copy / TREE
    original = path.read_bytes().replace(b"\n", b"\r")
    path.write_bytes(original)
    code, out, _ = mark(handbook_copy)
    assert code == 0 and out.endswith(f"markeret som gennemgået i {handbook_copy}.\n")
    after = path.read_bytes()
    assert b"\n" not in after
    assert without_reviews(after) == original
    assert all_reviewed(handbook_copy)


def test_a_mostly_lf_file_with_one_crlf_line_keeps_each_ending(handbook_copy: Path) -> None:
    path = handbook_copy / TREE
    text = path.read_text(encoding="utf-8")
    # The line the first record is written under ends in CRLF; all others in LF.
    original = text.replace("  - id: hvem\n", "  - id: hvem\r\n", 1).encode()
    path.write_bytes(original)
    code, _, _ = mark(handbook_copy)
    assert code == 0
    after = path.read_bytes()
    assert after.count(b"\r\n") == 2  # the CRLF line, and the record written under it
    assert b"  - id: hvem\r\n    reviewed: {by: " in after
    assert without_reviews(after) == original
    assert all_reviewed(handbook_copy)


def test_an_id_that_is_an_alias_gets_its_record_under_it(handbook_copy: Path) -> None:
    path = handbook_copy / TREE
    replace_in(path, "        next: kan-sige-ja\n", "        next: &kan kan-sige-ja\n")
    replace_in(path, "  - id: kan-sige-ja\n", "  - id: *kan\n")
    original = path.read_bytes()
    code, _, _ = mark(handbook_copy)
    assert code == 0
    after = path.read_bytes()
    assert b"  - id: *kan\n    reviewed: {by: " in after
    assert b"next: &kan kan-sige-ja\n" in after
    assert without_reviews(after) == original
    assert all_reviewed(handbook_copy)


def test_a_reviewed_value_that_is_an_alias_is_replaced_not_its_anchor(
    handbook_copy: Path,
) -> None:
    path = handbook_copy / TREE
    replace_in(path, "  - id: hvem\n", '  - id: hvem\n    reviewed: &gammel "abcdef abcdef"\n')
    replace_in(path, "  - id: vent\n", "  - id: vent\n    reviewed: *gammel\n")
    code, _, _ = mark(handbook_copy)
    assert code == 0
    after = path.read_text(encoding="utf-8")
    assert "*gammel" not in after and "&gammel" not in after
    assert "# Beslutningstræet «Skal jeg acceptere denne venneanmodning?»" in after
    assert all_reviewed(handbook_copy)


def test_a_killed_runs_temporary_file_neither_breaks_check_nor_stays(
    handbook_copy: Path,
) -> None:
    trees = handbook_copy / "trees"
    legacy = trees / ".tmp-k1ll3d.yaml"  # what earlier versions left
    ours = trees / ".venneanmodning.yaml.k1ll3d.paddehatten-tmp"
    for leftover in (legacy, ours):
        leftover.write_text("id: venneanmod", encoding="utf-8")
    checked = run_cli("check", str(handbook_copy))
    assert checked.returncode == 0, checked.stdout
    code, _, _ = mark(handbook_copy)
    assert code == 0
    assert not legacy.exists() and not ours.exists()
    assert sorted(p.name for p in trees.iterdir()) == ["venneanmodning.yaml"]


def test_a_symlinked_tree_stays_a_symlink_and_its_target_is_written(
    handbook_copy: Path, tmp_path: Path
) -> None:
    path = handbook_copy / TREE
    target = tmp_path / "elsewhere" / "venneanmodning.yaml"
    target.parent.mkdir()
    path.rename(target)
    path.symlink_to(target)
    code, _, _ = mark(handbook_copy)
    assert code == 0
    assert path.is_symlink() and Path(os.readlink(path)) == target
    assert b"reviewed: {by: " in target.read_bytes()
    assert all_reviewed(handbook_copy)


def test_a_read_only_tree_file_is_left_alone_with_a_danish_message(
    handbook_copy: Path,
) -> None:
    path = handbook_copy / TREE
    before = path.read_bytes()
    path.chmod(0o444)
    code, _, err = mark(handbook_copy)
    assert code == 2
    assert err == (
        f"paddehatten: {handbook_copy}: trees/venneanmodning.yaml: træfilen er "
        "skrivebeskyttet, så den er ikke ændret; gør den skrivbar (fx chmod u+w), hvis "
        "træet skal markeres som gennemgået\n"
    )
    assert path.read_bytes() == before and stat.S_IMODE(path.stat().st_mode) == 0o444


def test_a_read_only_trees_folder_gives_a_message_not_a_traceback(
    handbook_copy: Path,
) -> None:
    trees = handbook_copy / "trees"
    before = (trees / "venneanmodning.yaml").read_bytes()
    trees.chmod(0o555)
    try:
        code, _, err = mark(handbook_copy)
    finally:
        trees.chmod(0o755)
    assert code == 2
    assert err.startswith(f"paddehatten: {handbook_copy}: trees/venneanmodning.yaml: mappen ")
    assert "skrivebeskyttet, så intet er ændret" in err
    assert (trees / "venneanmodning.yaml").read_bytes() == before
    assert sorted(p.name for p in trees.iterdir()) == ["venneanmodning.yaml"]


def test_the_owner_group_and_mode_stay(handbook_copy: Path) -> None:
    path = handbook_copy / TREE
    path.chmod(0o640)
    if os.geteuid() == 0:  # run as root: the file belongs to someone else and stays so
        os.chown(path, 4242, 4343)
    before = path.stat()
    code, _, _ = mark(handbook_copy)
    assert code == 0
    after = path.stat()
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert after.st_ino != before.st_ino  # replaced in one step, not rewritten in place
