from survey.validation import validate


def test_missing_required_answers_are_reported(survey):
    assert validate(survey, {"visit": "daily"}) == ["food: an answer is required", "price: an answer is required"]
