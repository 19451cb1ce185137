"""The pubkit command: output, exit status, diagnostics on stderr, atomic -o, stdin."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
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
    assert len(json.loads(out)["works"]) == 4
    assert f"{BROKEN}:15:3: warning[invalid-date]: " in err
    assert f"{BROKEN}:29: error[missing-title]: " in err
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
    assert err.count("error[") == 2
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


def test_unwritable_output_exits_1_naming_the_path(capsys, tmp_path: Path):
    target = tmp_path / "missing-dir" / "out.json"
    status, _, err = run(capsys, "convert", str(SEED), "--to", "json", "-o", str(target))
    assert status == 1
    assert f"cannot write {target}: No such file or directory" in err and "Traceback" not in err


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


# --- -o: where the output goes ---------------------------------------------------------------


def _convert_to(capsys, target: str) -> tuple[int, str, str]:
    return run(capsys, "convert", str(SEED), "--to", "ris", "-o", target)


def test_output_dash_is_standard_output(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, _ = _convert_to(capsys, "-")
    assert status == 0 and out.startswith("TY  - ") and not (tmp_path / "-").exists()


def test_output_follows_a_symbolic_link_and_keeps_the_file_mode(capsys, tmp_path):
    target = tmp_path / "real.ris"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.ris"
    link.symlink_to(target)
    status, _, _ = _convert_to(capsys, str(link))
    assert status == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("TY  - ")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_output_file_honours_the_umask(capsys, tmp_path):
    old = os.umask(0o027)
    try:
        status, _, _ = _convert_to(capsys, str(tmp_path / "new.ris"))
    finally:
        os.umask(old)
    assert status == 0
    assert stat.S_IMODE((tmp_path / "new.ris").stat().st_mode) == 0o640


def test_output_into_a_fifo_is_written_into_not_replaced(capsys, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    status, _, _ = _convert_to(capsys, str(fifo))
    reader.join(timeout=30)
    assert status == 0 and stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and received[0].startswith(b"TY  - ")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_device_is_a_clear_error_and_stays_a_device(capsys):
    status, _, err = _convert_to(capsys, "/dev/full")
    assert status == 1
    assert "cannot write /dev/full: No space left on device" in err
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)


def test_a_directory_or_a_read_only_place_is_refused_with_the_path(capsys, tmp_path):
    status, _, err = _convert_to(capsys, str(tmp_path))
    assert status == 1 and f"cannot write {tmp_path}: it is a directory" in err
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        status, _, err = _convert_to(capsys, str(locked / "out.ris"))
        assert status == 1 and f"cannot write {locked / 'out.ris'}" in err


def test_quiet_prints_the_errors_and_the_number_of_warnings(capsys):
    broken = str(FIXTURES / "bibtex" / "invalid" / "broken.bib")
    code, _, loud = run(capsys, "convert", broken, "--to", "bibtex")
    quiet_code, out, quiet = run(capsys, "convert", broken, "--to", "bibtex", "--quiet")
    assert code == quiet_code == 1 and out.startswith("@")
    errors = [line for line in loud.splitlines() if "error[" in line]
    warnings = [line for line in loud.splitlines() if "warning[" in line]
    assert errors and warnings
    assert quiet.splitlines() == [*errors, f"pubkit: {len(warnings)} warnings not shown (--quiet)"]
