"""The README's promises stay true."""

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent


def readme_commands():
    return re.findall(r"```sh\n(.+?)\n```", (ROOT / "README.md").read_text(), re.S)


def test_the_readme_test_command_is_what_ci_runs():
    test_command = next(c for c in readme_commands() if "pytest" in c and "venv" in c)
    ci = (ROOT / ".ci" / "run").read_text()
    assert test_command.strip() in ci


def test_the_readme_documents_every_store_table_and_command():
    from ingest.cli import COMMANDS
    from ingest.store import Store

    text = (ROOT / "README.md").read_text()
    for name, _ in COMMANDS:
        assert f"python -m ingest {name}" in text
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "x.db") as store:
        tables = [t for t in store.db.table_names() if not t.startswith("_")]
    for table in tables:
        assert f"| `{table}` |" in text, table
