from survey.scoring import choice_counts


def test_choices_are_counted(survey, responses):
    assert choice_counts(survey, responses) == {"visit": {"daily": 2, "weekly": 1, "rarely": 0}}
