import pytest

import semver


def test_parse_and_compare():
    assert semver.VersionInfo.parse("1.10.0") > semver.VersionInfo.parse("1.9.0")
    assert semver.VersionInfo.parse("1.0.0-rc.1") < semver.VersionInfo.parse("1.0.0")


def test_bumps():
    v = semver.VersionInfo.parse("3.4.5")
    assert str(v.bump_minor()) == "3.5.0"
    assert str(v.bump_patch()) == "3.4.6"


@pytest.mark.parametrize("expr, expected", [(">=2.0.0", True), (">2.0.0", False), ("<=2.0.0", True), ("!=2.0.0", False), ("==2.0.0", True)])
def test_match(expr, expected):
    assert semver.VersionInfo.parse("2.0.0").match(expr) is expected
