"""Every docstring example in the package is a checked value (the equation's doctested value)."""
import doctest
import importlib
import pkgutil

import pytest

import dmfcheck

MODULES = sorted(m.name for m in pkgutil.walk_packages(dmfcheck.__path__, "dmfcheck.")
                 if not m.name.endswith("_cuda"))


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
