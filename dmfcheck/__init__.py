"""dmfcheck: a theorem checker for gradient descent on (deep) matrix factorization.

Layers (imports go one way): :mod:`dmfcheck.verify` -> :mod:`dmfcheck.numeric`,
:mod:`dmfcheck.symbolic`. The numeric and symbolic layers know nothing of claims.
"""
__version__ = "0.1.0"
