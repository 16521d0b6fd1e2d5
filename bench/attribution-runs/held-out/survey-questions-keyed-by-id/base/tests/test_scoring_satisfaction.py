from survey.scoring import satisfaction


def test_satisfaction_is_the_mean_scale_answer(survey, responses):
    assert satisfaction(survey, responses) == 3.3


def test_satisfaction_without_responses_is_zero(survey):
    assert satisfaction(survey, []) == 0.0
