from survey.validation import validate


def test_scale_answers_are_one_to_five(survey):
    assert validate(survey, {"visit": "daily", "food": 6, "price": 0}) == ["food: a scale answer is 1 to 5", "price: a scale answer is 1 to 5"]
