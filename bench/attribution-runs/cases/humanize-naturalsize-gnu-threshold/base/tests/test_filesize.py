import humanize


def test_naturalsize_decimal_and_binary():
    assert humanize.naturalsize(3_000_000) == "3.0 MB"
    assert humanize.naturalsize(3000, binary=True) == "2.9 KiB"


def test_naturalsize_small_values():
    assert humanize.naturalsize(1) == "1 Byte"
    assert humanize.naturalsize(999) == "999 Bytes"
