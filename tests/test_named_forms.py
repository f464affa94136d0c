"""Tests of dmfcheck.numeric.named_forms (the table behind ``dmfcheck spot``)."""
import mpmath
import pytest

from dmfcheck.numeric.closed_forms import U_plus
from dmfcheck.numeric.errors import DomainError
from dmfcheck.numeric.named_forms import NAMED_FORMS, evaluate

REQUIRED = {
    "U_minus": ("N", "mu"),
    "U_plus": ("N", "lam", "mu"),
    "U_plus_printed": ("N", "lam", "mu"),
    "T_plus": ("N", "lam", "mu", "alpha"),
    "T_minus": ("N", "mu", "alpha"),
    "T_id": ("N", "lam", "eps", "alpha", "eta"),
    "c_root": ("N",),
    "flow_y": ("N", "lam", "alpha", "t"),
    "scalar_gd_hitting_time": ("N", "lam", "alpha", "eta", "eps"),
}


def test_table_has_the_required_forms():
    for name, params in REQUIRED.items():
        assert NAMED_FORMS[name].name == name
        assert NAMED_FORMS[name].params == params
    assert NAMED_FORMS["scalar_gd_hitting_time"].integer_valued
    assert NAMED_FORMS["s_N"].integer_valued
    assert not NAMED_FORMS["T_id"].integer_valued
    assert all(form.description for form in NAMED_FORMS.values())


def test_U_plus_example_to_40_digits():
    text = evaluate("U_plus", {"N": "5", "lam": "3", "mu": "0.4"}, 40)
    with mpmath.workdps(80):
        exact = U_plus(5, 3, mpmath.mpf("0.4"))
    assert text == mpmath.nstr(exact, 40)
    assert len(text.lstrip("-").replace(".", "").lstrip("0")) == 40


@pytest.mark.parametrize(
    "name,params,dps,expected",
    [
        ("T_plus", {"N": "3", "lam": "2", "mu": "0.9", "alpha": "0.3"}, 11, "1.2204334739"),
        ("T_id", {"N": "3", "lam": "5", "eps": "1e-3", "alpha": "0.1", "eta": "1e-3"}, 12, "2843.81107855"),
        ("T_id", {"N": "3", "lam": "0", "eps": "0.1", "alpha": "0.5", "eta": "0.2"}, 10, "12480.0"),
        ("T_minus", {"N": "3", "mu": "0.1", "alpha": "0.5"}, 20, "8.0"),
        ("c_root", {"N": "10"}, 11, "1.1974914336"),
        ("lower_bound_23", {"N": "2", "lam": "1", "eps": "0.05", "alpha": "0.1", "eta": "0.01"}, 12, "339.397445579"),
        ("s_N", {"N": "2", "lam": "1", "alpha": "0.1"}, 10, "6"),
        ("a_N", {"N": "3"}, 5, "1.3349"),
        ("flow_y", {"N": "3", "lam": "-1", "alpha": "0.5", "t": "3"}, 18, "0.196077185401002893"),
        ("scalar_gd_hitting_time", {"N": "3", "lam": "5", "alpha": "0.1", "eta": "1e-3", "eps": "1e-3"}, 50, "2159"),
    ],
)
def test_evaluate_values(name, params, dps, expected):
    assert evaluate(name, params, dps) == expected


def test_values_are_parsed_at_the_working_precision():
    """'0.1' means the decimal 0.1, not the float64 0.1000000000000000055511..."""
    decimal = evaluate("U_minus", {"N": "2", "mu": "0.1"}, 30)
    with mpmath.workdps(60):
        assert decimal == mpmath.nstr(mpmath.log(10), 30)
    assert evaluate("U_minus", {"N": "2", "mu": "0.1000000000000000055511151231257827"}, 30) != decimal


@pytest.mark.parametrize(
    "name,params,message",
    [
        ("U_pluss", {"N": "5"}, "unknown form"),
        ("U_plus", {"N": "5", "lam": "3"}, "missing mu"),
        ("U_plus", {"N": "5", "lam": "3", "mu": "0.4", "alpha": "1"}, "unexpected alpha"),
        ("U_plus", {"N": "5", "lam": "three", "mu": "0.4"}, "must be a number"),
        ("U_plus", {"N": "5.5", "lam": "3", "mu": "0.4"}, "integer"),
        ("U_plus", {"N": "0", "lam": "3", "mu": "0.4"}, "integer"),
        ("U_plus", {"N": "5", "lam": "nan", "mu": "0.4"}, "finite"),
        ("U_plus", {"N": "5", "lam": "-3", "mu": "0.4"}, "lam"),
        ("scalar_gd_hitting_time", {"N": "2", "lam": "-1", "alpha": "1", "eta": "3", "eps": "0.001"}, "diverges"),
    ],
)
def test_evaluate_errors(name, params, message):
    with pytest.raises(DomainError) as info:
        evaluate(name, params, 20)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_evaluate_does_not_touch_global_precision():
    before = mpmath.mp.dps
    evaluate("c_root", {"N": "3"}, 60)
    assert mpmath.mp.dps == before
