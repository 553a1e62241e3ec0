#!/usr/bin/env python3
"""Monitoring checks that need more than promtool.

monitoring.py rules PROMETHEUSRULE OUT_RULES_FILE
    Writes the PrometheusRule's .spec as a Prometheus rule file (for promtool).
monitoring.py coverage RULES_FILE TEST_FILE REPO_ROOT
    Every alert has a unit test that expects it to fire and one that expects silence, a
    severity, a summary, and a runbook_url pointing at docs/runbooks/<alert>.md that exists.
monitoring.py dashboards OUT_RULES_FILE DASHBOARD.json...
    Checks each dashboard's structure (unique uid and panel ids, grid positions, a Prometheus
    target with an expression on every panel, only known template variables) and writes
    every panel expression as a recording rule, so `promtool check rules` parses the PromQL.
"""
import json
import os
import re
import sys

import yaml


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def rules(source, out):
    with open(source) as f:
        doc = yaml.safe_load(f)
    if doc.get("kind") != "PrometheusRule":
        fail(f"{source} is not a PrometheusRule")
    with open(out, "w") as f:
        yaml.safe_dump(doc["spec"], f, sort_keys=False)


def coverage(rules_file, test_file, root):
    with open(rules_file) as f:
        groups = yaml.safe_load(f)["groups"]
    with open(test_file) as f:
        tests = yaml.safe_load(f)["tests"]
    fires, silent = set(), set()
    for test in tests:
        for case in test.get("alert_rule_test", []):
            (fires if case.get("exp_alerts") else silent).add(case["alertname"])
    problems = []
    alerts = [r for g in groups for r in g["rules"] if "alert" in r]
    for rule in alerts:
        name = rule["alert"]
        if name not in fires:
            problems.append(f"{name}: no unit test expects it to fire")
        if name not in silent:
            problems.append(f"{name}: no unit test expects it to stay silent")
        if rule.get("labels", {}).get("severity") not in ("critical", "high", "medium"):
            problems.append(f"{name}: severity must be critical, high or medium")
        annotations = rule.get("annotations", {})
        if not annotations.get("summary"):
            problems.append(f"{name}: no summary")
        url = annotations.get("runbook_url", "")
        match = re.search(r"/blob/main/(docs/runbooks/[A-Za-z]+\.md)$", url)
        if not match or match.group(1) != f"docs/runbooks/{name}.md":
            problems.append(f"{name}: runbook_url must end in /blob/main/docs/runbooks/{name}.md")
        elif not os.path.isfile(os.path.join(root, match.group(1))):
            problems.append(f"{name}: {match.group(1)} does not exist")
    if problems:
        fail("\n  ".join(["alert coverage:"] + problems))
    print(f"alert coverage: {len(alerts)} alerts, each tested firing and silent, each with its runbook")


KNOWN_VARS = {"datasource", "namespace", "__interval", "__rate_interval", "__range"}


def dashboards(out, paths):
    recording, uids = [], set()
    for path in paths:
        with open(path) as f:
            board = json.load(f)
        name = os.path.basename(path)
        for key in ("uid", "title", "panels", "schemaVersion", "templating"):
            if key not in board:
                fail(f"{name}: missing {key}")
        if board["uid"] in uids:
            fail(f"{name}: uid {board['uid']} used twice")
        uids.add(board["uid"])
        variables = {v["name"] for v in board["templating"]["list"]}
        ids = set()
        for panel in board["panels"]:
            title = panel.get("title") or fail(f"{name}: a panel without a title")
            if panel.get("id") in ids:
                fail(f"{name}: panel id {panel.get('id')} used twice")
            ids.add(panel.get("id"))
            grid = panel.get("gridPos", {})
            if not all(isinstance(grid.get(k), int) for k in "hwxy") or grid["x"] + grid["w"] > 24:
                fail(f"{name}: panel '{title}' has a bad gridPos {grid}")
            if panel.get("datasource", {}).get("type") != "prometheus":
                fail(f"{name}: panel '{title}' is not on the Prometheus data source")
            targets = panel.get("targets") or fail(f"{name}: panel '{title}' has no targets")
            for target in targets:
                expr = target.get("expr") or fail(f"{name}: panel '{title}' has a target without expr")
                for var in re.findall(r"\$\{?(\w+)", expr):
                    if var not in variables | KNOWN_VARS:
                        fail(f"{name}: panel '{title}' uses undefined variable ${var}")
                concrete = re.sub(r"\$\{?\w+\}?", "x", expr).replace("[x]", "[5m]")
                recording.append({"record": f"dashboard:{board['uid'].replace('-', '_')}:{len(recording)}", "expr": concrete})
    with open(out, "w") as f:
        yaml.safe_dump({"groups": [{"name": "dashboard-expressions", "rules": recording}]}, f)
    print(f"dashboards: {len(paths)} dashboards, {len(recording)} expressions to parse")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"rules": lambda: rules(*args), "coverage": lambda: coverage(*args), "dashboards": lambda: dashboards(args[0], args[1:])}[command]()
