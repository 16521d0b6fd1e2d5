from survey.validation import validate


def test_an_answer_outside_the_choices_is_refused(survey):
    assert validate(survey, {"visit": "hourly", "food": 4, "price": 4}) == ["visit: 'hourly' is not one of the choices"]
