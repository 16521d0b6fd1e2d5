import pytest

from packaging.utils import (
    InvalidWheelFilename,
    canonicalize_name,
    canonicalize_version,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import Version


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Django", "django"), ("zope.interface", "zope-interface"), ("Foo__Bar", "foo-bar"), ("a-_.b", "a-b")],
)
def test_canonicalize_name(name, expected):
    assert canonicalize_name(name) == expected


def test_canonicalize_version_strips_trailing_zeros():
    assert canonicalize_version("1.0.0") == "1"
    assert canonicalize_version("1.4.0rc1") == "1.4rc1"
    assert canonicalize_version("1.0.0", strip_trailing_zero=False) == "1.0.0"


def test_parse_wheel_filename():
    name, version, build, tags = parse_wheel_filename("Flask_Login-0.6.3-py3-none-any.whl")
    assert (name, version, build) == ("flask-login", Version("0.6.3"), ())
    assert {str(t) for t in tags} == {"py3-none-any"}


def test_a_wheel_needs_five_parts():
    with pytest.raises(InvalidWheelFilename):
        parse_wheel_filename("flask-py3-none-any.whl")


def test_parse_sdist_filename():
    assert parse_sdist_filename("Django-4.2.1.tar.gz") == ("django", Version("4.2.1"))
