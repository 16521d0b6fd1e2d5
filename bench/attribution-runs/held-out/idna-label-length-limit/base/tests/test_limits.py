import pytest

import idna


def test_a_label_of_63_characters_is_the_longest_allowed():
    name = "a" * 63 + ".com"
    assert idna.encode(name) == name.encode()
    with pytest.raises(idna.IDNAError, match="too long"):
        idna.encode("a" * 64 + ".com")


def test_a_punycode_label_counts_its_encoded_length():
    label = "ü" * 20
    assert len(idna.alabel(label)) <= 63


def test_a_name_of_253_characters_is_the_longest_allowed():
    name = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 61])
    assert len(name) == 253
    assert idna.encode(name) == name.encode()
    with pytest.raises(idna.IDNAError, match="too long"):
        idna.encode(name + "e")
