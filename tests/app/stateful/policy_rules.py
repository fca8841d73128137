"""The rules of policies, their versions, the backlog and sprints (app.services.policy).

The model keeps each item's rank (the midpoint rule and the renumbering of
``ordering``), its status and sprint, how many history rows it has, and the
scope each sprint committed to when it started.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import rule

from app.analysis.sprints import MAX_SPRINT_DAYS
from app.services import policy as policy_services
from app.services.change import Action, Entity
from tests.app.stateful.machine import StewardBase, refusal
from tests.app.stateful.model import today

TITLES = st.sampled_from(["Data retention", "Model cards", " "])
CATEGORIES = st.sampled_from(["data_privacy", "bias_fairness", "exit_strategy"])
TEXTS = st.sampled_from(["Keep data 30 days.", "Keep data 90 days.", "Keep data 30 days.  "])
POINTS = st.sampled_from([None, 1, 3, 8, 0, -2])
STATUSES = st.sampled_from(["backlog", "todo", "in_progress", "done"])
SPRINT_NAMES = st.sampled_from(["Sprint 1", "Sprint 2", "Sprint 3"])


def _same_text(first: str, second: str) -> bool:
    return [line.rstrip() for line in first.strip().split("\n")] == [
        line.rstrip() for line in second.strip().split("\n")
    ]


class PolicyRules(StewardBase):
    # --- policies and versions

    @rule(target=StewardBase.policies, title=TITLES, category=CATEGORIES, project=st.none() | StewardBase.projects)
    def create_policy(self, title: str, category: str, project: int | None) -> Any:
        why = refusal(
            (not title.strip(), "a policy needs a title"),
            (project is not None and project not in self.model["project"], "the project does not exist"),
        )
        return self.create(
            lambda: policy_services.create_policy(self.db, title=title, category=category, project_id=project),
            refused=why,
            entity=Entity.POLICY,
            row={"project_id": project, "title": title.strip(), "category": category, "status": "draft"},
        )

    @rule(policy=StewardBase.policies, title=TITLES)
    def update_policy(self, policy: int, title: str) -> None:
        self.update_policy_now(policy, {"title": title})

    def update_policy_now(self, policy: int, changes: dict[str, Any]) -> None:
        row = self.model["policy"].get(policy)
        why = refusal((row is None, "no such policy"), (not changes["title"].strip(), "a policy needs a title"))
        self.update(
            lambda: policy_services.update_policy(self.db, policy, changes),
            refused=why,
            entity=Entity.POLICY,
            entity_id=policy,
            values={"title": changes["title"].strip()},
            undo=("edit policy", lambda before: self.update_policy_now(policy, before)),
        )

    @rule(target=StewardBase.versions, policy=StewardBase.policies, text=TEXTS, summary=st.sampled_from(["", "Longer"]))
    def add_version(self, policy: int, text: str, summary: str) -> Any:
        mine = [row for row in self.model["policy_version"].values() if row["policy_id"] == policy]
        newest = max(mine, key=lambda row: row["number"], default=None)
        why = refusal(
            (policy not in self.model["policy"], "no such policy"),
            (newest is not None and _same_text(newest["text"], text), "the same text as the newest version"),
            (newest is not None and not summary, "a next version needs a change summary"),
        )
        number = newest["number"] + 1 if newest is not None else 1
        return self.create(
            lambda: policy_services.add_version(self.db, policy, text=text, change_summary=summary),
            refused=why,
            entity=Entity.POLICY_VERSION,
            row={"policy_id": policy, "number": number, "text": text, "change_summary": summary, "published_on": None},
        )

    @rule(version=StewardBase.versions)
    def publish_version(self, version: int) -> None:
        row = self.model["policy_version"].get(version)
        published = [
            other["number"]
            for other in self.model["policy_version"].values()
            if row is not None and other["policy_id"] == row["policy_id"] and other["published_on"] is not None
        ]
        why = refusal(
            (row is None, "no such version"),
            (row is not None and row["published_on"] is not None, "already published"),
            (row is not None and max(published, default=0) > row["number"], "older than the published version"),
        )
        if self.call(lambda: policy_services.publish_version(self.db, version), refused=why) is None or row is None:
            return
        row["published_on"] = today()
        self.model["policy"][row["policy_id"]]["status"] = "in_review"
        self.expect(Entity.POLICY_VERSION, Action.PUBLISHED, version)

    # --- backlog items

    @rule(target=StewardBase.items, project=StewardBase.projects, title=TITLES, points=POINTS)
    def create_item(self, project: int, title: str, points: int | None) -> Any:
        why = refusal(
            (not title.strip(), "an item needs a title"),
            (points is not None and points <= 0, "points must be positive"),
            (project not in self.model["project"], "the project does not exist"),
        )
        item = self.create(
            lambda: policy_services.create_item(self.db, project, title=title, points=points),
            refused=why,
            entity=Entity.BACKLOG_ITEM,
            row={
                "project_id": project,
                "title": title.strip(),
                "points": points,
                "rank": self.model.end_rank(project),
                "status": "backlog",
                "sprint_id": None,
            },
            undo=("add item", self.delete_item_now),
        )
        if isinstance(item, int):  # created (a refusal gives the bundle no id)
            self.model.history[item] = 1
        return item

    @rule(
        item=StewardBase.items,
        changes=st.fixed_dictionaries({"title": TITLES}) | st.fixed_dictionaries({"points": POINTS}),
    )
    def update_item(self, item: int, changes: dict[str, Any]) -> None:
        self.update_item_now(item, changes)

    def update_item_now(self, item: int, changes: dict[str, Any]) -> None:
        row = self.model["backlog_item"].get(item)
        cleaned = {key: value.strip() if isinstance(value, str) else value for key, value in changes.items()}
        why = refusal(
            (row is None, "no such item"),
            (cleaned.get("title") == "", "an item needs a title"),
            (cleaned.get("points") is not None and cleaned["points"] <= 0, "points must be positive"),
        )
        before = self.update(
            lambda: policy_services.update_item(self.db, item, changes),
            refused=why,
            entity=Entity.BACKLOG_ITEM,
            entity_id=item,
            values=cleaned,
            undo=("edit item", lambda before: self.update_item_now(item, before)),
        )
        if before is not None and "points" in before:
            self.model.history[item] += 1

    @rule(item=StewardBase.items, anchor=st.none() | StewardBase.items)
    def move_item(self, item: int, anchor: int | None) -> None:
        items = self.model["backlog_item"]
        row = items.get(item)
        why = refusal(
            (row is None, "no such item"),
            (anchor is not None and anchor not in items, "no such item to move before"),
            (
                row is not None and anchor in items and items[anchor]["project_id"] != row["project_id"],
                "another project's item",
            ),
        )
        change = self.call(lambda: policy_services.move_items(self.db, [item], before_item_id=anchor), refused=why)
        if change is None or row is None:
            return
        if anchor == item:  # a block dropped on itself goes before the first item after it
            order = self.model.backlog_order(row["project_id"])
            anchor = order[order.index(item) + 1] if order.index(item) + 1 < len(order) else None
        ranks_before = self.model.place(item, anchor)
        if ranks_before is None:
            assert change.action == Action.UNCHANGED
            return
        assert dict(change.details["ranks_before"]) == ranks_before
        self.expect(Entity.BACKLOG_ITEM, Action.MOVED, item)
        self.push(
            "move item",
            lambda: self.restore_ranks_now(ranks_before),
            [("backlog_item", key) for key in ranks_before],
        )

    def restore_ranks_now(self, ranks: dict[int, float]) -> None:
        items = self.model["backlog_item"]
        why = refusal((any(key not in items for key in ranks), "an item is gone"))
        if self.call(lambda: policy_services.restore_ranks(self.db, ranks), refused=why) is None:
            return
        for key, rank in ranks.items():
            items[key]["rank"] = rank
            self.expect(Entity.BACKLOG_ITEM, Action.MOVED, key)

    @rule(item=StewardBase.items, sprint=st.none() | StewardBase.sprints)
    def place_item(self, item: int, sprint: int | None) -> None:
        self.place_now(item, sprint, None)

    def place_now(self, item: int, sprint: int | None, status: str | None) -> None:
        row = self.model["backlog_item"].get(item)
        sprints = self.model["sprint"]
        involved = {row["sprint_id"], sprint} - {None} if row is not None else set()
        why = refusal(
            (row is None, "no such item"),
            (any(key not in sprints for key in involved), "no such sprint"),
            (
                row is not None
                and any(key in sprints and sprints[key]["project_id"] != row["project_id"] for key in involved),
                "another project's sprint",
            ),
            (any(key in sprints and sprints[key]["state"] == "closed" for key in involved), "a closed sprint"),
        )
        change = self.call(lambda: policy_services.place_items(self.db, {item: (sprint, status)}), refused=why)
        if change is None or row is None:
            return
        old = (row["sprint_id"], row["status"])
        if row["sprint_id"] != sprint:
            row["sprint_id"] = sprint
            if sprint is not None and row["status"] == "backlog":
                row["status"] = "todo"
            elif sprint is None and row["status"] != "done":
                row["status"] = "backlog"
        if status is not None:
            row["status"] = status
        if (row["sprint_id"], row["status"]) == old:
            assert change.action == Action.UNCHANGED
            return
        self.model.history[item] += 1
        self.expect(Entity.BACKLOG_ITEM, Action.PLACED, item)
        self.push("place item", lambda: self.place_now(item, *old), [("backlog_item", item)])

    @rule(item=StewardBase.items, status=STATUSES)
    def set_status(self, item: int, status: str) -> None:
        row = self.model["backlog_item"].get(item)
        unchanged = row is not None and row["status"] == status
        in_closed = row is not None and row["sprint_id"] is not None
        in_closed = in_closed and self.model["sprint"][row["sprint_id"]]["state"] == "closed"
        why = refusal((row is None, "no such item"), (not unchanged and in_closed, "in a closed sprint"))
        change = self.call(lambda: policy_services.set_status(self.db, item, status), refused=why)
        if change is None or row is None:
            return
        if unchanged:
            assert change.action == Action.UNCHANGED
            return
        row["status"] = status
        self.model.history[item] += 1
        self.expect(Entity.BACKLOG_ITEM, Action.STATUS_CHANGED, item)

    @rule(item=StewardBase.items)
    def delete_item(self, item: int) -> None:
        self.delete_item_now(item)

    def delete_item_now(self, item: int) -> None:
        committed = any(key == item for _, key, _ in self.model.commitments)
        why = refusal(
            (item not in self.model["backlog_item"], "no such item"),
            (self.model.history.get(item, 0) > 1 or committed, "the item has history"),
        )
        deleted = self.delete(
            lambda: policy_services.delete_item(self.db, item), refused=why, entity=Entity.BACKLOG_ITEM, entity_id=item
        )
        if deleted:
            del self.model.history[item]

    # --- sprints

    @rule(
        target=StewardBase.sprints,
        project=StewardBase.projects,
        name=SPRINT_NAMES,
        start=st.sampled_from([-3, 0, 5]),
        days=st.sampled_from([14, 1, 0, MAX_SPRINT_DAYS + 1]),
    )
    def plan_sprint(self, project: int, name: str, start: int, days: int) -> Any:
        start_on = today() + timedelta(days=start)
        end_on = start_on + timedelta(days=days - 1)
        why = refusal(
            (days < 1, "it ends before it starts"),
            (days > MAX_SPRINT_DAYS, "too long"),
            (project not in self.model["project"], "no such project"),
            (
                any((row["project_id"], row["name"]) == (project, name) for row in self.model["sprint"].values()),
                "the name is taken",
            ),
        )
        return self.create(
            lambda: policy_services.plan_sprint(self.db, project, name=name, start_on=start_on, end_on=end_on),
            refused=why,
            entity=Entity.SPRINT,
            row={"project_id": project, "name": name, "state": "planned", "start_on": start_on, "end_on": end_on},
        )

    @rule(sprint=StewardBase.sprints, name=SPRINT_NAMES)
    def rename_sprint(self, sprint: int, name: str) -> None:
        self.update_sprint_now(sprint, {"name": name})

    def update_sprint_now(self, sprint: int, changes: dict[str, Any]) -> None:
        row = self.model["sprint"].get(sprint)
        taken = row is not None and any(
            (other["project_id"], other["name"]) == (row["project_id"], changes["name"])
            for key, other in self.model["sprint"].items()
            if key != sprint
        )
        why = refusal(
            (row is None, "no such sprint"),
            (row is not None and row["state"] != "planned", "only a planned sprint can be edited"),
            (taken, "the name is taken"),
        )
        self.update(
            lambda: policy_services.update_sprint(self.db, sprint, changes),
            refused=why,
            entity=Entity.SPRINT,
            entity_id=sprint,
            values={"name": changes["name"]},
            undo=("edit sprint", lambda before: self.update_sprint_now(sprint, before)),
        )

    @rule(sprint=StewardBase.sprints)
    def start_sprint(self, sprint: int) -> None:
        row = self.model["sprint"].get(sprint)
        why = refusal(
            (row is None, "no such sprint"),
            (row is not None and row["state"] != "planned", "not planned"),
            (row is not None and self.model.active_sprint(row["project_id"]) is not None, "another is active"),
        )
        change = self.call(lambda: policy_services.start_sprint(self.db, sprint, move_start_to_today=True), refused=why)
        if change is None or row is None:
            return
        row["state"] = "active"
        row["start_on"] = min(row["start_on"], today())
        for key, item in self.model["backlog_item"].items():
            if item["sprint_id"] == sprint:
                self.model.commitments.add((sprint, key, item["points"]))
        self.expect(Entity.SPRINT, Action.STARTED, sprint)

    @rule(sprint=StewardBase.sprints)
    def close_sprint(self, sprint: int) -> None:
        row = self.model["sprint"].get(sprint)
        why = refusal((row is None, "no such sprint"), (row is not None and row["state"] != "active", "not active"))
        if self.call(lambda: policy_services.close_sprint(self.db, sprint), refused=why) is None or row is None:
            return
        row["state"] = "closed"
        for key, item in self.model["backlog_item"].items():
            if item["sprint_id"] == sprint and item["status"] != "done":
                item["sprint_id"], item["status"] = None, "backlog"
                self.model.history[key] += 1
        self.expect(Entity.SPRINT, Action.CLOSED, sprint)
