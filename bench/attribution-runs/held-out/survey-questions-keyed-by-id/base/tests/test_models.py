import pytest


def test_question_finds_by_id(survey):
    assert survey.question("food").text == "Rate the food"
    with pytest.raises(KeyError):
        survey.question("nope")


def test_questions_keep_the_order_of_the_file(survey):
    assert [q.id for q in survey.questions] == ["visit", "food", "price", "comment"]
