import semver

V = semver.VersionInfo.parse


def test_same_major_is_compatible():
    assert V("1.2.3").is_compatible("1.9.0")
    assert not V("1.2.3").is_compatible("2.0.0")


def test_zero_major_pins_the_minor():
    assert V("0.4.1").is_compatible("0.4.9")
    assert not V("0.4.1").is_compatible("0.5.0")


def test_older_versions_are_not_compatible():
    assert not V("1.2.3").is_compatible("1.2.2")
