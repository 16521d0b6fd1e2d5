import pytest

from survey.models import load_survey

SAMPLE = {
    "title": "Canteen feedback",
    "questions": [
        {"id": "visit", "text": "How often do you eat here?", "kind": "choice", "choices": ["daily", "weekly", "rarely"]},
        {"id": "food", "text": "Rate the food", "kind": "scale"},
        {"id": "price", "text": "Rate the prices", "kind": "scale"},
        {"id": "comment", "text": "Anything else?", "kind": "text", "required": False},
    ],
}


@pytest.fixture
def survey():
    return load_survey(SAMPLE)


@pytest.fixture
def responses():
    return [
        {"visit": "daily", "food": 4, "price": 2, "comment": "more vegetarian dishes"},
        {"visit": "weekly", "food": 5, "price": 3},
        {"visit": "daily", "food": 3, "price": 3, "comment": ""},
    ]
