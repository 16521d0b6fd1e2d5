import inflection


def test_numbers_written_with_thousands_separators():
    assert inflection.ordinal("1,002") == "nd"
    assert inflection.ordinalize("1,002") == "1,002nd"
    assert inflection.ordinalize("2,001") == "2,001st"
