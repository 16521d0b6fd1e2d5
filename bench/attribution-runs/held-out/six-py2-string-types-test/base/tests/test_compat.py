import pytest

import six


def test_ensure_str_decodes_bytes():
    assert six.ensure_str(b"caf\xc3\xa9") == "café"
    assert six.ensure_str("plain") == "plain"


def test_ensure_binary_encodes_text():
    assert six.ensure_binary("café") == b"caf\xc3\xa9"
    with pytest.raises(TypeError):
        six.ensure_binary(42)


def test_ensure_text():
    assert six.ensure_text(b"abc") == "abc"


def test_string_types_cover_raw_and_text():
    # Values read from the legacy config files are raw byte strings.
    assert isinstance(b"raw", six.string_types)
    assert isinstance("text", six.string_types)


def test_iteritems():
    assert sorted(six.iteritems({"a": 1, "b": 2})) == [("a", 1), ("b", 2)]
