from survey.validation import validate


def test_an_optional_question_may_be_left_out(survey):
    assert validate(survey, {"visit": "weekly", "food": 4, "price": 4}) == []
