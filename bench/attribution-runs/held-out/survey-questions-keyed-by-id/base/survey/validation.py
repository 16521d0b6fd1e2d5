def validate(survey, answers: dict) -> list:
    """The problems of one response, as messages; empty when it is fine."""
    problems = []
    for q in survey.questions:
        value = answers.get(q.id)
        if value in (None, ""):
            if q.required:
                problems.append(f"{q.id}: an answer is required")
            continue
        if q.kind == "choice" and value not in q.choices:
            problems.append(f"{q.id}: {value!r} is not one of the choices")
        if q.kind == "scale" and not (isinstance(value, int) and 1 <= value <= 5):
            problems.append(f"{q.id}: a scale answer is 1 to 5")
    return problems
