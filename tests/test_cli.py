"""The command line: listings, verdict JSON, exit statuses, spot evaluations and bad input."""
import json
import subprocess
import sys

import mpmath
import pytest

from dmfcheck.verify.cli import main


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse rejects the command line
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_has_every_catalogue_entry(capsys):
    code, out, _ = run(capsys, "list", "--paper", "chou", "--json")
    assert code == 0
    rows = json.loads(out)
    ids = [r["id"] for r in rows]
    from dmfcheck.verify.claims.chou import CATALOGUE

    assert ids == [e["id"] for e in CATALOGUE]
    for r in rows:
        assert {"id", "paper", "title", "kind", "status"} <= set(r)
        assert r["status"] in ("IMPLEMENTED", "NOT_IMPLEMENTED")
    status = {r["id"]: r["status"] for r in rows}
    assert status["chou.thm2.3-upper"] == "IMPLEMENTED"
    assert status["chou.eq17-Uplus.corrected"] == "IMPLEMENTED"


def test_check_json_record_and_exit_status_pass(capsys):
    code, out, _ = run(capsys, "check", "chou.def.c", "--json")
    (rec,) = json.loads(out)
    assert code == 0 and rec["verdict"] == "PASS"
    assert {"id", "verdict", "strength", "evidence", "counterexample", "precision", "seed", "seconds"} <= set(rec)
    assert rec["strength"] in ("PROVED", "EVIDENCE")


def test_check_printed_erratum_fails_with_counterexample(capsys):
    code, out, _ = run(capsys, "check", "chou.eq17-Uplus", "--json")
    (rec,) = json.loads(out)
    assert code == 1 and rec["verdict"] == "FAIL"
    assert rec["counterexample"] is not None
    assert rec["expected"] == "FAIL"


def test_check_unimplemented_is_not_a_pass(capsys):
    code, out, _ = run(capsys, "check", "chou.lemC.2", "--json")
    (rec,) = json.loads(out)
    assert rec["verdict"] == "NOT_IMPLEMENTED" and code == 3


@pytest.mark.parametrize("argv", [
    ("check", "chou.no-such-claim"),
    ("check", "chou.def.c", "--profile", "bogus"),
    ("spot", "no_such_form", "N=3"),
    ("spot", "U_plus", "N=5", "lam=3"),  # missing mu
    ("spot", "U_plus", "N=5", "lam=-3", "mu=0.4"),  # lambda must be > 0
    ("spot", "U_plus", "N=5", "lam=3", "mu=abc"),
    ("spot", "U_plus", "N=5", "lam=3", "mu"),
    ("list", "--paper", "nobody"),
])
def test_bad_input_is_a_one_line_error_with_status_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert err.strip().count("\n") == 0 and err.startswith("dmfcheck: error")


def test_spot_json_is_correct_to_the_requested_digits(capsys):
    code, out, _ = run(capsys, "spot", "T_plus", "N=3", "lam=2", "mu=0.9", "alpha=0.3", "--dps", "40", "--json")
    rec = json.loads(out)
    assert code == 0 and rec["name"] == "T_plus" and rec["dps"] == 40
    assert rec["params"] == {"N": "3", "lam": "2", "mu": "0.9", "alpha": "0.3"}
    # independent route: the flow time as a quadrature at 60 digits
    with mpmath.workdps(60):
        ref = mpmath.quad(lambda z: -1 / (z**2 * (z**3 - 2)), [mpmath.mpf("0.3"), mpmath.mpf("0.9")])
        assert abs(mpmath.mpf(rec["value"]) - ref) < mpmath.mpf(10) ** -38
    # the catalogue's 1.2204334738573466 is the value at the float64-rounded inputs; at the decimals:
    assert rec["value"].startswith("1.22043347385734652")


def test_spot_hitting_time_is_an_integer(capsys):
    code, out, _ = run(capsys, "spot", "scalar_gd_hitting_time", "N=3", "lam=5", "alpha=0.1", "eta=0.001",
                       "eps=0.001", "--json")
    assert code == 0 and json.loads(out)["value"] == "2159"


def test_spot_list_names_every_form(capsys):
    code, out, _ = run(capsys, "spot", "--list")
    for name in ("U_minus", "U_plus", "U_plus_printed", "T_plus", "T_minus", "T_id", "c_root", "flow_y",
                 "scalar_gd_hitting_time"):
        assert name in out


def test_console_script_is_installed():
    exe = subprocess.run([sys.executable, "-m", "dmfcheck.verify.cli", "spot", "c_root", "N=2", "--dps", "20"],
                         capture_output=True, text=True, timeout=120)
    assert exe.returncode == 0
    assert exe.stdout.strip().startswith("1.618033988749894848")
