import pytest

import tomli


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / "app.toml"
    path.write_text('[app]\nname = "shop"\ndebug = false\n')
    return path


def test_load_reads_a_file(config_file):
    with open(config_file) as f:
        assert tomli.load(f) == {"app": {"name": "shop", "debug": False}}


def test_invalid_date_is_reported(config_file):
    with pytest.raises(tomli.TOMLDecodeError, match="Invalid date"):
        tomli.loads("day = 2024-13-01\n")
