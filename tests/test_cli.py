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
    # One warning: a macro of the authors' that the listing never defines.
    assert err.count("warning[") == 1 and "227:558: warning[unknown-command]" in err
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
        (["convert", str(SEED), "--to", "json", "--indent", "x"], "expected a whole number"),
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
    assert "error[empty-input]" in err


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


def test_several_inputs_are_merged_with_unique_keys(capsys):
    status, out, err = run(capsys, "convert", str(SEED), str(SEED), "--to", "json")
    works = json.loads(out)["works"]
    assert len(works) == 62
    assert len({w["key"] for w in works}) == 62
    assert status == 0, err  # generated keys are made over both inputs at once


def test_unwritable_output_is_a_usage_error(capsys, tmp_path: Path):
    target = tmp_path / "missing-dir" / "out.json"
    status, _, err = run(capsys, "convert", str(SEED), "--to", "json", "-o", str(target))
    assert status == 2
    assert "cannot write" in err and "Traceback" not in err
    status, _, err = run(capsys, "convert", str(SEED), "--to", "json", "-o", str(tmp_path))
    assert status == 2


def test_empty_stdin_exits_1():
    result = subprocess.run(
        [sys.executable, "-m", "pubkit", "convert", "-", "--to", "json"],
        input=b"  \n",
        capture_output=True,
        check=False,
    )
    assert result.returncode == 1
    assert b"error[empty-input]" in result.stderr


def test_negative_indent_is_a_usage_error(capsys):
    status, _, err = run(capsys, "convert", str(SEED), "--to", "json", "--indent", "-3")
    assert status == 2
    assert "expected a whole number" in err


def test_generated_keys_of_several_inputs_do_not_collide(capsys, tmp_path: Path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("CLApr 1, 2022\nLearning Alpha\n\nAnn Smith\n\nA.\n", encoding="utf-8")
    b.write_text("CLMay 1, 2022\nLearning Beta\n\nBo Smith\n\nB.\n", encoding="utf-8")
    status, out, err = run(capsys, "convert", str(a), str(b), "--to", "json")
    assert status == 0, err
    assert [w["key"] for w in json.loads(out)["works"]] == [
        "smith2022learninga",
        "smith2022learningb",
    ]
    _, out_reversed, _ = run(capsys, "convert", str(b), str(a), "--to", "json")
    assert [w["key"] for w in json.loads(out_reversed)["works"]] == [
        "smith2022learningb",
        "smith2022learninga",
    ]
