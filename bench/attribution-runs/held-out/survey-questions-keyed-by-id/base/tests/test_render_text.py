from survey.render import as_text


def test_the_printed_form_numbers_questions_and_marks_required_ones(survey):
    text = as_text(survey)
    assert "1. How often do you eat here? *" in text
    assert "   [ ] rarely" in text
    assert "4. Anything else?" in text.splitlines()
