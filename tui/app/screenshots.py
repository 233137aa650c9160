"""Where a screenshot can be saved: Downloads if the account has it, else home, else
the temporary folder. Never raises: the caller says what happened, in Danish."""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path


def candidate_folders(path: str | None = None) -> list[Path]:
    """The folders to try, best first (``path`` alone when the person named one)."""
    if path is not None:
        return [Path(path)]
    from platformdirs import user_downloads_path

    folders = [user_downloads_path(), Path.home(), Path(tempfile.gettempdir())]
    unique: list[Path] = []
    for folder in folders:
        if folder not in unique:
            unique.append(folder)
    return unique


def save_svg(
    svg: str, title: str, filename: str | None = None, path: str | None = None
) -> tuple[Path | None, str]:
    """Write ``svg`` into the first folder that takes it: (the file, "") or (None, why)."""
    stamp = datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    name = filename or f"{title} {stamp}.svg".replace(os.sep, "-")
    problem = "ingen mappe at gemme i"
    for folder in candidate_folders(path):
        if not folder.is_dir():
            problem = f"mappen {folder} findes ikke"
            continue
        target = folder / name
        try:
            with open(target, "x", encoding="utf-8") as out:  # never overwrite
                out.write(svg)
        except FileExistsError:
            problem = f"{target} findes allerede"
            continue
        except OSError as error:
            problem = f"{folder}: {error.strerror or error}"
            continue
        return target, ""
    return None, problem
