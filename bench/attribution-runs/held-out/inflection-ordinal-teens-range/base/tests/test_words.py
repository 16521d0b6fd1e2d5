import inflection


def test_camelize_and_underscore():
    assert inflection.camelize("device_type") == "DeviceType"
    assert inflection.camelize("device_type", False) == "deviceType"
    assert inflection.underscore("DeviceType") == "device_type"


def test_pluralize_and_singularize():
    assert inflection.pluralize("person") == "people"
    assert inflection.pluralize("status") == "statuses"
    assert inflection.singularize("octopi") == "octopus"


def test_parameterize():
    assert inflection.parameterize("Donald E. Knuth") == "donald-e-knuth"
    assert inflection.parameterize("Donald E. Knuth", "_") == "donald_e_knuth"


def test_titleize():
    assert inflection.titleize("x-men: the last stand") == "X Men: The Last Stand"
