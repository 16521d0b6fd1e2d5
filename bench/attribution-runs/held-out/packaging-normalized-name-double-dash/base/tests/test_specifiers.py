from packaging.specifiers import SpecifierSet
from packaging.version import Version


def test_compatible_release():
    spec = SpecifierSet("~=2.2")
    assert Version("2.9") in spec
    assert Version("3.0") not in spec


def test_prereleases_are_excluded_unless_asked():
    spec = SpecifierSet(">=1.0")
    assert "2.0b1" not in spec
    assert spec.contains("2.0b1", prereleases=True)
