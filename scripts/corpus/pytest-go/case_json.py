"""Writes a corpus case.json: the case's metadata, what was run, and the expected results.

`expected` is read from the tools' own machine-readable reports (pytest's JUnit XML, go test
-json) with the standard library, independently of the TypeScript parsers it checks. A case
whose tool wrote no such report (pytest failing before the session starts) states it in its
metadata instead.

usage: case_json.py <meta.json> <dest dir> <tool version> <alt version> <reporter=file=code>...
"""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

ORDER = ["default", "q", "tb-short", "tb-long", "tb-native", "tb-line", "junit", "alt-default", "v", "json"]


def pytest_expected(dest):
    report = os.path.join(dest, "output.junit.xml")
    if not os.path.exists(report):
        return None
    project = os.path.join(dest, "project")
    passed = failed = skipped = 0
    failures = []
    for case in ET.parse(report).getroot().iter("testcase"):
        classname, name = case.get("classname", ""), case.get("name", "")
        if not classname:  # a collection error: name is the module, dotted
            parts, name = name.split("."), None
        else:
            parts = classname.split(".")
        node = None
        for i in range(len(parts), 0, -1):
            path = "/".join(parts[:i]) + ".py"
            if os.path.exists(os.path.join(project, path)):
                node = "::".join([path] + parts[i:] + ([name] if name else []))
                test_file = path
                break
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
            failures.append({"test": node, "testFile": test_file})
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
    return {"passed": passed, "failed": failed, "skipped": skipped, "failures": failures}


def go_expected(dest):
    project = os.path.join(dest, "project")
    module = re.search(r"^module\s+(\S+)", open(os.path.join(project, "go.mod")).read(), re.M).group(1)
    results, build_failed = {}, []
    for line in open(os.path.join(dest, "output.json.json")):
        if not line.startswith("{"):
            m = re.match(r"FAIL\s+(\S+) \[build failed\]", line)
            if m:
                build_failed.append(m.group(1))
            continue
        ev = json.loads(line)
        if ev.get("Test") and ev.get("Action") in ("pass", "fail", "skip"):
            results[(ev["Package"], ev["Test"])] = ev["Action"]
        elif ev.get("Action") == "fail" and ev.get("FailedBuild"):
            build_failed.append(ev["Package"])
    # A test with subtests is counted through its subtests.
    leaves = {k: v for k, v in results.items()
              if not any(p == k[0] and t.startswith(k[1] + "/") for p, t in results)}
    failures = []
    for (pkg, test), action in sorted(leaves.items()):
        if action != "fail":
            continue
        pkg_dir = pkg[len(module) + 1:] if pkg != module else ""
        test_file = None
        top = test.split("/")[0]
        for f in sorted(os.listdir(os.path.join(project, pkg_dir))):
            if f.endswith("_test.go") and re.search(rf"^func {top}\(", open(os.path.join(project, pkg_dir, f)).read(), re.M):
                test_file = os.path.join(pkg_dir, f)
        failures.append({"test": test, "package": pkg, "testFile": test_file})
    for pkg in sorted(set(build_failed)):
        failures.append({"test": pkg, "package": pkg, "testFile": None})
    count = lambda a: sum(1 for v in leaves.values() if v == a)
    return {"passed": count("pass"), "failed": count("fail") + len(set(build_failed)),
            "skipped": count("skip"), "failures": failures}


def main():
    meta, dest, version, alt, *outs = sys.argv[1:]
    case = json.load(open(meta))
    case.pop("base", None)
    parsed = sorted((o.split("=") for o in outs), key=lambda kv: ORDER.index(kv[0]))
    case["outputs"] = {k: f for k, f, _ in parsed}
    case["exitCodes"] = {k: int(c) for k, _, c in parsed}
    case["toolVersion"] = version
    if alt and "alt-default" in case["outputs"]:
        case["altToolVersion"] = alt
    computed = pytest_expected(dest) if case["tool"] == "pytest" else go_expected(dest)
    if computed is not None:
        case["expected"] = computed
    if "expected" not in case:
        sys.exit(f"{dest}: no report to read the expected results from, and none in the metadata")
    with open(os.path.join(dest, "case.json"), "w") as f:
        json.dump(case, f, indent=2)
        f.write("\n")


main()
