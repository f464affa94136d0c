"""Claims, one package per paper. Each exposes ``CLAIMS`` (implemented claims) and its catalogue index."""
