import csv
import io


def header(survey) -> list:
    return ["response"] + [q.id for q in survey.questions]


def to_csv(survey, responses: list) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header(survey))
    for n, r in enumerate(responses, start=1):
        writer.writerow([n] + [r.get(q.id, "") for q in survey.questions])
    return out.getvalue()
