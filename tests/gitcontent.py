"""A content repository for tests: the small tree of `contenttree.py` in a real git
repository, committed step by step with fixed authors and dates so hashes are stable."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from contenttree import ContentTree

ENV = {
    "GIT_AUTHOR_NAME": "กองแผนงาน",
    "GIT_AUTHOR_EMAIL": "plan@example.go.th",
    "GIT_COMMITTER_NAME": "กองแผนงาน",
    "GIT_COMMITTER_EMAIL": "plan@example.go.th",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str, date: str = "2025-04-01T09:00:00+07:00") -> str:
    env = {**os.environ, **ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@dataclass
class GitContent:
    """`top/content/` is the content tree; `top` the repository."""

    top: Path
    tree: ContentTree = field(init=False)
    commits: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.top.mkdir(parents=True, exist_ok=True)
        git(self.top, "init", "-q", "-b", "main")
        self.tree = ContentTree(self.top / "content")

    def commit(self, message: str, date: str = "2025-04-01T09:00:00+07:00") -> str:
        """Write the tree as it is now (removed files deleted) and commit everything."""
        content = self.top / "content"
        if content.exists():
            for file in content.rglob("*"):
                relative = file.relative_to(content).as_posix()
                if file.is_file() and relative not in self.tree.files:
                    file.unlink()
        self.tree.write()
        git(self.top, "add", "-A")
        git(self.top, "commit", "-q", "--allow-empty", "-m", message, date=date)
        self.commits.append(git(self.top, "rev-parse", "HEAD"))
        return self.commits[-1]
