"""CLI manners: a closed pipe, a folder given as a statement, an encrypted statement, a
repeated upload and a failed upload's reason — each says what happened, without a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from neurareport_resources.samples import generate_statement, random_statement_spec

from .conftest import PERIOD
from .test_cli import run_cli


def test_a_closed_pipe_ends_quietly(statement, neurareport_home):
    path, _ = statement
    env = {**os.environ, "NEURAREPORT_HOME": str(neurareport_home), "NEURAREPORT_ENV": "local"}
    # `neurareport extract … | head`, with the reader gone before anything is written
    process = subprocess.Popen(
        [sys.executable, "-m", "neurareport_assets.cli", "extract", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141  # 128 + SIGPIPE, like a shell tool
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr


def test_a_folder_given_as_a_statement_says_so(neurareport_home, tmp_path):
    done = run_cli("extract", str(tmp_path), home=neurareport_home)
    assert done.returncode == 1 and "is a folder" in done.stderr
    upload = run_cli("upload", "--tenant", "acme", str(tmp_path), home=neurareport_home)
    assert upload.returncode == 1 and "is a folder" in upload.stderr
    result = json.loads(upload.stdout)
    assert result["failures"] == [
        {
            "file": str(tmp_path),
            "reason": f"{tmp_path}: is a folder; give the statement files in it",
        }
    ]


def test_an_encrypted_statement_suggests_a_password(neurareport_home, tmp_path):
    spec = random_statement_spec("ruled_basic", seed=5, period_start=PERIOD, n_transactions=5)
    spec.password = "s3cret"
    path = tmp_path / "locked.pdf"
    generate_statement(spec, path)
    done = run_cli("extract", str(path), home=neurareport_home)
    assert done.returncode == 1 and "--password-env" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_repeated_upload_says_it_was_already_there(statement, neurareport_home, tmp_path):
    path, _ = statement
    copy = tmp_path / "again.pdf"
    copy.write_bytes(path.read_bytes())
    first = json.loads(
        run_cli("upload", "--tenant", "globex", str(copy), home=neurareport_home).stdout
    )
    assert "already_there" not in first["uploaded"][0]
    again = run_cli("upload", "--tenant", "globex", str(copy), home=neurareport_home)
    assert again.returncode == 0 and "already in the inbox" in again.stderr
    (placed,) = json.loads(again.stdout)["uploaded"]
    assert (
        placed["already_there"] is True and placed["stored_as"] == first["uploaded"][0]["stored_as"]
    )
