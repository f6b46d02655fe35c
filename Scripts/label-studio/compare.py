#!/usr/bin/env python3
"""Step 5 of run.sh: `assay import label-studio` on the project's export gives the same ratings as the newest
revisions the webhook stored (same annotator, item, texts, choice, submitted_at, duration); only the edited
annotation's rating_id differs (the export carries no edit history: its rating is `ls-P-T-A` with the edited
content, the webhook's newest is the revision `ls-P-T-A-rev-…`)."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from drive import fail, read_ratings  # noqa: E402

WORK = os.environ["WORK"]
summary = open(os.path.join(WORK, "import.log")).read()
if "skipped 1 (cancelled 1)" not in summary or "rejected 0" not in summary:
    fail(f"the import's summary does not account for the skip: {summary.strip()}")
expected = json.load(open(os.path.join(WORK, "expected.json")))
imported = [json.loads(line) for line in open(os.path.join(WORK, "imported.jsonl")) if line.strip()]
if len(imported) != len(expected["annotations"]):
    fail(f"the import gave {len(imported)} ratings for {len(expected['annotations'])} annotations")
newest = {}
for rating in read_ratings():
    key = rating["meta"]["annotation"]
    if key not in newest or rating["submitted_at"] >= newest[key]["submitted_at"]:
        newest[key] = rating
fields = ["annotator_id", "item_id", "kind", "choice", "shown_order", "submitted_at", "duration_ms"]
for rating in imported:
    annotation = rating["meta"]["annotation"]
    stored = newest.get(annotation)
    if stored is None:
        fail(f"annotation {annotation}: imported from the export but not stored by the webhook")
    for field in fields:
        if rating.get(field) != stored.get(field):
            fail(f"annotation {annotation}: {field} is {rating.get(field)!r} in the import, {stored.get(field)!r} from the webhook")
    if rating["prompt"] != stored["item"]["prompt"] or rating["responses"] != stored["item"]["responses"]:
        fail(f"annotation {annotation}: texts differ between the import and the webhook")
    if int(annotation) == expected["edited"]:
        if stored["meta"].get("supersedes") != rating["rating_id"]:
            fail(f"annotation {annotation}: the webhook's newest rating does not supersede the import's {rating['rating_id']}")
    elif rating["rating_id"] != stored["rating_id"]:
        fail(f"annotation {annotation}: rating_id {rating['rating_id']} in the import, {stored['rating_id']} from the webhook")
print(f"assay import label-studio: the export's {len(imported)} ratings equal the webhook's newest revisions")
