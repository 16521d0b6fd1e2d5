from survey.export import header


def test_the_header_lists_the_question_ids_in_order(survey):
    assert header(survey) == ["response", "visit", "food", "price", "comment"]
