#!/usr/bin/env python3
"""Drives a live Label Studio against a live `assay serve` (Scripts/label-studio/run.sh starts both).

Through Label Studio's own REST API: creates a pairwise project, imports tasks, creates annotator users, registers a
webhook to assay's POST /v1/integrations/label-studio (secret header), submits annotations as each annotator with
their own token, updates one, then checks in assay's store (read with sqlite3 from Python) that every annotation
arrived once with the right annotator, prompt and responses, that the update became a revision, and writes the
project's JSON export for `assay import label-studio` (compared by run.sh's second step, `compare`).

Only the standard library: the venv's interpreter runs it, and nothing is installed beside label-studio.
"""
import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

LS = os.environ.get("LS_URL", "")
ADMIN_TOKEN = os.environ.get("LS_ADMIN_TOKEN", "")
ASSAY = os.environ.get("ASSAY_URL", "")
SECRET = os.environ.get("ASSAY_WEBHOOK_SECRET", "")
DB = os.environ.get("ASSAY_DB", "")
WORK = os.environ.get("WORK", "")
LS_CLI = os.environ.get("LS_CLI", "")
LS_DATA = os.environ.get("LS_DATA", "")

CONFIG = """<View>
  <Header value="$prompt"/>
  <Text name="a" value="$a"/>
  <Text name="b" value="$b"/>
  <Pairwise name="pw" toName="a,b"/>
</View>"""

TASKS = [
    {"prompt": "How do I reset my router?", "a": "Unplug it for 30 seconds, then plug it back in.", "b": "Buy a new one."},
    {"prompt": "Name a prime number.", "a": "Nine.", "b": "Seven."},
    {"prompt": "Translate 'merci' to English.", "a": "Thank you.", "b": "Please."},
    {"prompt": "What is the boiling point of water at sea level?", "a": "100 degrees Celsius.", "b": "50 degrees Celsius."},
]
# A fifth task that only gets a skip (Label Studio's Skip button: an annotation with was_cancelled).
SKIPPED_TASK = {"prompt": "Which answer is funnier?", "a": "A pun.", "b": "A limerick."}
ANNOTATORS = ["ann1@example.com", "ann2@example.com", "ann3@example.com"]


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def call(method, path, token=ADMIN_TOKEN, body=None, base=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request((base or LS) + path, data=data, method=method)
    request.add_header("Authorization", f"Token {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            text = reply.read().decode()
            return json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        fail(f"{method} {path}: {error.code} {error.read().decode()[:500]}")


def user_token(email):
    """The annotator's API token, printed by Label Studio's own `label-studio user` command."""
    out = subprocess.run(
        [LS_CLI, "user", "--data-dir", LS_DATA, "--username", email], capture_output=True, text=True, timeout=120
    ).stdout
    for line in out.splitlines():
        if "'token': '" in line:
            return line.split("'token': '", 1)[1].split("'", 1)[0]
    fail(f"no token for {email} in `label-studio user` output: {out[-500:]}")


def pairwise(selected):
    return [{"type": "pairwise", "from_name": "pw", "to_name": "a,b", "origin": "manual", "value": {"selected": selected}}]


def drive():
    project = call("POST", "/api/projects", body={"title": "assay pairwise", "label_config": CONFIG})
    pid = project["id"]
    call("POST", f"/api/projects/{pid}/import", body=TASKS + [SKIPPED_TASK])
    tasks = call("GET", f"/api/tasks?project={pid}&page_size=100")
    tasks = tasks["tasks"] if isinstance(tasks, dict) else tasks
    if len(tasks) != len(TASKS) + 1:
        fail(f"imported {len(tasks)} tasks, expected {len(TASKS) + 1}")
    tasks.sort(key=lambda task: task["id"])
    tasks, skipped_task = tasks[: len(TASKS)], tasks[len(TASKS)]
    hook = call(
        "POST",
        "/api/webhooks/",
        body={
            "project": pid,
            "url": f"{ASSAY}/v1/integrations/label-studio",
            "send_payload": True,
            "send_for_all_actions": False,
            "headers": {"X-Assay-Webhook-Secret": SECRET},
            "actions": ["ANNOTATION_CREATED", "ANNOTATIONS_CREATED", "ANNOTATION_UPDATED"],
            "is_active": True,
        },
    )
    print(f"project {pid}, {len(tasks)} tasks, webhook {hook['id']} -> {ASSAY}")

    users = {}
    for email in ANNOTATORS:
        user = call("POST", "/api/users/", body={"email": email, "username": email.split("@")[0], "first_name": email[:4]})
        # A user made through the API joins the organization but has no active one, and Label Studio emits the
        # webhooks of the acting user's active organization: set it, as accepting an invite would.
        call("PATCH", f"/api/users/{user['id']}/", body={"active_organization": call("GET", "/api/current-user/whoami")["active_organization"]})
        users[email] = {"id": user["id"], "token": user_token(email)}
    print("annotators: " + ", ".join(f"{email} (user {users[email]['id']})" for email in ANNOTATORS))

    # Every annotator rates every task, each with their own token; the choice depends on annotator and task.
    expected = {}  # annotation id -> (user id, task, selected)
    for index, email in enumerate(ANNOTATORS):
        for position, task in enumerate(tasks):
            selected = "left" if (index + position) % 3 != 2 else "right"
            annotation = call(
                "POST", f"/api/tasks/{task['id']}/annotations/", token=users[email]["token"],
                body={"result": pairwise(selected), "lead_time": 3.5 + index + position},
            )
            if annotation.get("completed_by") != users[email]["id"]:
                fail(f"annotation {annotation['id']} completed_by {annotation.get('completed_by')}, expected {users[email]['id']}")
            expected[annotation["id"]] = (users[email]["id"], task, selected)
    # A skip: not a rating, counted by the webhook's answer and by the import.
    skip = call("POST", f"/api/tasks/{skipped_task['id']}/annotations/", token=users[ANNOTATORS[0]]["token"],
                body={"result": [], "was_cancelled": True})
    # Model predictions on two tasks, turned into annotations by the admin in one Data Manager action
    # ("Create Annotations From Predictions"): Label Studio sends them as one ANNOTATIONS_CREATED.
    for task in tasks[:2]:
        call("POST", "/api/predictions/", body={"task": task["id"], "model_version": "m1", "result": pairwise("right")})
    admin = call("GET", "/api/current-user/whoami")["id"]
    call("POST", f"/api/dm/actions?id=predictions_to_annotations&project={pid}",
         body={"selectedItems": {"all": False, "included": [task["id"] for task in tasks[:2]]}, "model_version": "m1"})
    for task in tasks[:2]:
        for annotation in call("GET", f"/api/tasks/{task['id']}/annotations/"):
            if annotation["completed_by"] == admin:
                expected[annotation["id"]] = (admin, task, "right")
    if len(expected) != len(ANNOTATORS) * len(TASKS) + 2:
        fail(f"{len(expected)} annotations, expected {len(ANNOTATORS) * len(TASKS) + 2} (2 from predictions)")
    # One edit, more than a second later, by its own annotator: the other answer.
    time.sleep(1.2)
    edited = sorted(expected)[1]
    user_id, task, selected = expected[edited]
    owner = next(email for email in ANNOTATORS if users[email]["id"] == user_id)
    flipped = "right" if selected == "left" else "left"
    call("PATCH", f"/api/annotations/{edited}/", token=users[owner]["token"], body={"result": pairwise(flipped)})
    expected[edited] = (user_id, task, flipped)
    print(f"{len(expected)} annotations ({len(expected) - 2} by annotators, 2 from predictions), 1 skip "
          f"(annotation {skip['id']}); annotation {edited} edited to {flipped}")

    export = call("GET", f"/api/projects/{pid}/export?exportType=JSON&download_all_tasks=true")
    with open(os.path.join(WORK, "export.json"), "w") as out:
        json.dump(export, out)
    with open(os.path.join(WORK, "expected.json"), "w") as out:
        json.dump({"project": pid, "edited": edited, "skipped": skip["id"], "annotations": {str(k): [v[0], v[1]["id"], v[2]] for k, v in expected.items()}}, out)
    return pid, tasks, expected, edited


def check(pid, tasks, expected, edited):
    # The webhook is sent while Label Studio answers each request; still, wait (bounded) for the last one.
    want = len(expected) + 1
    for _ in range(60):
        with sqlite3.connect(f"file:{DB}?mode=ro", uri=True) as db:
            rows = db.execute("select count(*) from ratings").fetchone()[0]
        if rows >= want:
            break
        time.sleep(0.5)
    ratings = read_ratings()
    if len(ratings) != want:
        fail(f"assay holds {len(ratings)} ratings, expected {want} ({len(expected)} annotations + 1 revision)")
    by_annotation = {}
    for rating in ratings:
        by_annotation.setdefault(int(rating["meta"]["annotation"]), []).append(rating)
    by_task = {task["id"]: task for task in tasks}
    for annotation_id, (user_id, task, selected) in expected.items():
        got = by_annotation.get(annotation_id, [])
        count = 2 if annotation_id == edited else 1
        if len(got) != count:
            fail(f"annotation {annotation_id}: {len(got)} ratings in assay, expected {count}")
        newest = max(got, key=lambda r: r["submitted_at"])
        base = f"ls-{pid}-{task['id']}-{annotation_id}"
        if annotation_id == edited:
            first = next(r for r in got if r["rating_id"] == base)
            if newest is first or newest["meta"].get("supersedes") != base or not newest["rating_id"].startswith(base + "-rev-"):
                fail(f"annotation {annotation_id}: the edit is not a revision of {base}: {got}")
        elif newest["rating_id"] != base:
            fail(f"annotation {annotation_id}: rating_id {newest['rating_id']}, expected {base}")
        if newest["annotator_id"] != f"ls-user-{user_id}":
            fail(f"annotation {annotation_id}: annotator {newest['annotator_id']}, expected ls-user-{user_id}")
        if newest["item_id"] != f"ls-{pid}-{task['id']}":
            fail(f"annotation {annotation_id}: item {newest['item_id']}")
        data = by_task[task["id"]]["data"]
        item = newest["item"]
        if item["prompt"] != data["prompt"] or item["responses"] != [{"id": "a", "text": data["a"]}, {"id": "b", "text": data["b"]}]:
            fail(f"annotation {annotation_id}: item texts {item} differ from the task's data {data}")
        if newest["choice"] != ("a" if selected == "left" else "b"):
            fail(f"annotation {annotation_id}: choice {newest['choice']}, expected {selected}")
    admin = call("GET", "/api/current-user/whoami")["id"]
    bulk = [r for r in ratings if r["annotator_id"] == f"ls-user-{admin}"]
    if len(bulk) != 2 or bulk[0]["batch"] != bulk[1]["batch"] or sum(r["batch"] == bulk[0]["batch"] for r in ratings) != 2:
        fail(f"the 2 annotations from predictions did not arrive together as one ANNOTATIONS_CREATED batch: {bulk}")
    print(f"assay: every one of {len(expected)} annotations arrived once (annotator, prompt, responses, choice), "
          f"annotation {edited} has a revision superseding its first rating, the 2 from predictions came as one "
          "ANNOTATIONS_CREATED, the skip is not a rating")


def read_ratings():
    """Every stored rating with its item's texts, read-only from the SQLite store (tables ratings, items,
    item_responses, texts of Sources/AssayStore/SQLite/Schema.swift)."""
    with sqlite3.connect(f"file:{DB}?mode=ro", uri=True) as db:
        texts = dict(db.execute("select seq, body from texts"))
        items = {}
        for seq, item_id, prompt in db.execute("select seq, item_id, prompt_text from items"):
            items[seq] = {"item_id": item_id, "prompt": texts[prompt], "responses": []}
        for item, _, response, text in db.execute("select item_seq, position, response_id, text_seq from item_responses order by item_seq, position"):
            items[item]["responses"].append({"id": response, "text": texts[text]})
        out = []
        for item, batch, content in db.execute("select item_seq, batch_seq, content from ratings order by seq"):
            rating = json.loads(content)
            rating["item"] = items[item]
            rating["batch"] = batch
            out.append(rating)
    return out


if __name__ == "__main__":
    pid, tasks, expected, edited = drive()
    check(pid, tasks, expected, edited)
