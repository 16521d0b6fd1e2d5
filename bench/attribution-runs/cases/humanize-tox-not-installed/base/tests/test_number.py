import humanize


def test_intcomma_groups_thousands():
    assert humanize.intcomma(1234567) == "1,234,567"
    assert humanize.intcomma("1234567") == "1,234,567"
    assert humanize.intcomma(1234.5, 1) == "1,234.5"


def test_intword_and_ordinal():
    assert humanize.intword(3_500_000) == "3.5 million"
    assert humanize.ordinal(22) == "22nd"
