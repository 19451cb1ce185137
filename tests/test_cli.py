"""The pubkit command: output, exit status, diagnostics on stderr, atomic -o, stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pubkit.cli import main

from conftest import FIXTURES, SEED

BROKEN = FIXTURES / "listing" / "invalid" / "broken.txt"


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:  # argparse exits for --version, --help and usage errors
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_convert_seed_to_json(capsys):
    status, out, err = run(capsys, "convert", str(SEED), "--to", "json")
    assert status == 0
    assert err == ""
    document = json.loads(out)
    assert document["format"] == "pubkit"
    assert len(document["works"]) == 31


def test_errors_go_to_stderr_with_positions_and_good_records_are_written(capsys):
    status, out, err = run(capsys, "convert", str(BROKEN), "--to", "json")
    assert status == 1
    assert len(json.loads(out)["works"]) == 2
    assert f"{BROKEN}:15:3: error[invalid-date]: " in err
    assert f"{BROKEN}:6: warning[count-mismatch]: " in err
    assert "Traceback" not in err


def test_strict_writes_nothing_and_lists_every_error(capsys, tmp_path: Path):
    output = tmp_path / "out.json"
    output.write_text("previous", encoding="utf-8")
    status, out, err = run(
        capsys, "convert", str(BROKEN), "--to", "json", "--strict", "-o", str(output)
    )
    assert status == 1
    assert out == ""
    assert err.count("error[") == 4
    assert output.read_text(encoding="utf-8") == "previous"


def test_output_file_is_written(capsys, tmp_path: Path):
    output = tmp_path / "seed.json"
    status, out, _ = run(capsys, "convert", str(SEED), "--to", "json", "-o", str(output))
    assert status == 0 and out == ""
    assert len(json.loads(output.read_text(encoding="utf-8"))["works"]) == 31
    assert [p.name for p in tmp_path.iterdir()] == ["seed.json"]  # no temporary file left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["convert", "missing.txt", "--to", "json"], "cannot read missing.txt"),
        (["convert", str(SEED), "--to", "yaml"], "unknown format 'yaml'; known formats:"),
        (["convert", str(SEED), "--to", "listing"], "cannot write listing"),
        (["convert", str(SEED), "--to", "listing", "--from", "nope"], "cannot write listing"),
        (["convert", str(SEED)], "the following arguments are required: --to"),
        (["convert", str(SEED), "--to", "json", "--indent", "x"], "invalid int value"),
    ],
)
def test_usage_errors_exit_2(capsys, args, message):
    status, out, err = run(capsys, *args)
    assert status == 2
    assert message in err
    assert out == ""
    assert "Traceback" not in err


def test_empty_input_exits_1(capsys):
    status, out, err = run(
        capsys, "convert", str(FIXTURES / "listing/invalid/empty.txt"), "--to", "json"
    )
    assert status == 1
    assert out == ""
    assert "error[no-records]" in err


def test_formats_and_version(capsys):
    status, out, _ = run(capsys, "formats")
    assert status == 0
    assert out.split("\n")[0].split()[0] == "listing"
    assert "json" in out
    status, out, _ = run(capsys, "--version")
    assert status == 0 and out.startswith("pubkit ")


def test_stdin_and_python_dash_m():
    result = subprocess.run(
        [sys.executable, "-m", "pubkit", "convert", "-", "--from", "listing", "--to", "json"],
        input=SEED.read_bytes(),
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["works"]) == 31


def test_stdin_format_is_sniffed_when_not_given():
    result = subprocess.run(
        [sys.executable, "-m", "pubkit", "convert", "-", "--to", "json"],
        input=SEED.read_bytes(),
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()


def test_several_inputs_are_merged_with_unique_keys(capsys, tmp_path: Path):
    status, out, err = run(capsys, "convert", str(SEED), str(SEED), "--to", "json")
    works = json.loads(out)["works"]
    assert len(works) == 62
    assert len({w["key"] for w in works}) == 62
    assert status == 1  # the second copy's keys collide with the first's
    assert err.count("error[duplicate-key]") == 31
