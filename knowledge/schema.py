"""What a value read back from disk must look like before it is used: names, ids and store rows.

Everything the store reads (index, shards, each table and row) passes one of these checks; a value
that does not is damage (:class:`SchemaError`), and the file holding it is a corrupt index or shard.
"""

from __future__ import annotations


class SchemaError(ValueError):
    """A value read from disk does not have the shape the store writes; the message says where."""


def is_safe_segment(name: object) -> bool:
    """A single, non-empty path segment, not ``.``/``..`` (nor only dots), without separators or NUL."""
    return isinstance(name, str) and bool(name.strip(".")) and not any(c in name for c in "/\\\x00")
