from survey.export import to_csv


def test_one_row_per_response(survey, responses):
    lines = to_csv(survey, responses).splitlines()
    assert lines[0] == "response,visit,food,price,comment"
    assert lines[2] == "2,weekly,5,3,"
    assert len(lines) == 4
