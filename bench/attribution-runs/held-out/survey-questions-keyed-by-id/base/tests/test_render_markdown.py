from survey.render import as_markdown


def test_markdown_lists_each_question_with_its_kind(survey):
    assert as_markdown(survey).splitlines()[2:] == [
        "- **How often do you eat here?** (choice)",
        "- **Rate the food** (scale)",
        "- **Rate the prices** (scale)",
        "- **Anything else?** (text)",
    ]
