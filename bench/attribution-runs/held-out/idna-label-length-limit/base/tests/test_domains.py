import pytest

import idna


def test_encode_and_decode_round_trip():
    assert idna.encode("ドメイン.テスト") == b"xn--eckwd4c7c.xn--zckzah"
    assert idna.decode(b"xn--eckwd4c7c.xn--zckzah") == "ドメイン.テスト"


def test_a_single_label():
    assert idna.alabel("münchen") == b"xn--mnchen-3ya"
    assert idna.ulabel(b"xn--mnchen-3ya") == "münchen"


def test_ascii_names_pass_through():
    assert idna.encode("example.com") == b"example.com"
    assert idna.encode("example.com.") == b"example.com."


def test_hyphens_at_the_ends_are_refused():
    with pytest.raises(idna.IDNAError, match="hyphen"):
        idna.encode("-bad.example")
