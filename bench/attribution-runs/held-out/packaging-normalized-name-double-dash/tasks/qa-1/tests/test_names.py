import pytest

from packaging.utils import InvalidName, canonicalize_name, is_normalized_name


@pytest.mark.parametrize("name", ["foo", "foo-bar", "foo9", "a", "zope-interface"])
def test_normalized_names(name):
    assert is_normalized_name(name)


@pytest.mark.parametrize("name", ["Foo", "foo_bar", "foo.bar", "-foo", "foo-", "foo--bar"])
def test_names_that_are_not_normalized(name):
    assert not is_normalized_name(name)


def test_canonicalize_validates_only_when_asked():
    assert canonicalize_name("-not-valid-") == "-not-valid-"
    with pytest.raises(InvalidName):
        canonicalize_name("-not-valid-", validate=True)
    assert canonicalize_name("Foo.Bar__baz", validate=True) == "foo-bar-baz"


def test_a_canonical_name_is_normalized():
    for raw in ["Django", "zope.interface", "Foo__Bar", "a-_.b"]:
        assert is_normalized_name(canonicalize_name(raw))
