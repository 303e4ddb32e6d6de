"""One scale copy of the demo mission: organisations, people, slots, meetings, follow-up."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from planner.demo import data
from planner.demo.common import EVENT_DAYS, SYMPOSIUM_DAY, at, timed
from planner.domain.places import room_key
from planner.imports.normalise import email_key, organisation_key
from planner.storage import models as m

_TRANSLIT = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "ß": "ss", "Đ": "D", "đ": "d"})
SLOT_MINUTES = 30
DAY_SLOTS = [(9, 30 + 30 * i) for i in range(16)]  # 09:30 … 17:00 starts
STATUS_WEIGHTS = [("held", 45), ("confirmed", 20), ("accepted", 8), ("requested", 7), ("declined", 8),
                  ("no_show", 5), ("cancelled", 7)]
VERDICT_WEIGHTS = [("cooperation_possible", 40), ("informative", 35), ("no_interest", 25)]
STAGES = ["new", "qualified", "introduced", "proposal", "agreed", "lost"]


def _slot_start(day: date, index: int) -> datetime:
    return at(day, 9, 30) + timedelta(minutes=SLOT_MINUTES * index)


def _slot_range(start: datetime, end: datetime) -> range:
    """Indices of the 30-minute grid slots of ``start``'s day that [start, end) overlaps."""
    origin = at(start.date(), 9, 30)
    first = int((start - origin).total_seconds() // (SLOT_MINUTES * 60))
    last = -int(-(end - origin).total_seconds() // (SLOT_MINUTES * 60))  # ceiling
    return range(max(first, 0), min(last, len(DAY_SLOTS)))


def _domain(name: str) -> str:
    keep = "".join(c if c.isalnum() else "-" for c in name.lower() if c.isascii())
    return "-".join(p for p in keep.split("-") if p)[:40] + ".example"


class DemoScheduler:
    def __init__(self, buf: Any, rng: random.Random, event: dict[str, Any], venues: dict[str, dict[str, Any]],
                 delegation: dict[str, Any], lead_orgs: list[dict[str, Any]], tag: Callable[[str], int]) -> None:
        self.buf = buf
        self.rng = rng
        self.event = event
        self.venues = venues
        self.delegation = delegation
        self.lead_orgs = lead_orgs
        self.tag = tag
        self.deliberate: list[tuple[str, tuple[str, ...]]] = []
        self.busy: set[tuple[int, date, int]] = set()  # (person id, day, slot index)
        self.org_busy: set[tuple[int, date, int]] = set()
        self.table_busy: set[tuple[int, date, int]] = set()

    # -- people and organisations -------------------------------------------------------------
    def _org(self, name: str, native: str, kind: str, country: str, city: str, sector: str,
             profile: str) -> dict[str, Any]:
        org = self.buf.add(m.Organisation, name=name, name_key=organisation_key(name), native_name=native,
                           kind=kind, country=country, city=city, website=f"https://www.{_domain(name)}",
                           profile=profile)
        self.buf.add(m.OrganisationTag, organisation_id=org["id"], tag_id=self.tag(sector))
        return org

    def _person(self, org: dict[str, Any], given: str, family: str, *, suffix: str, country: str,
                native: str = "", reading: str = "", order: str = "given_first", job: str = "",
                consent: bool = True, basis: str = "legitimate_interests", language: str = "") -> dict[str, Any]:
        local = unicodedata.normalize("NFKD", f"{given}.{family}".translate(_TRANSLIT)).lower()
        local = local.replace(" ", "").replace("'", "")
        local = "".join(c for c in local if c.isascii() and (c.isalnum() or c in ".-")) or "contact"
        email = f"{local}{suffix}@{_domain(org['name'])}"
        return self.buf.add(m.Person, given_name=given, family_name=family, name_order=order, native_name=native,
                            native_reading=reading, title="", job_title=job, organisation_id=org["id"],
                            email=email, email_key=email_key(email), phone="", mobile="", country=country,
                            language=language, notes="", lawful_basis=basis, lead_sharing_consent=consent)

    def _members(self, copy: int, suffix: str) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
        rng = self.rng
        members = []
        staff_orgs: list[tuple[dict[str, Any], list[dict[str, Any]]]] = (
            [(org, []) for org in self.lead_orgs] if copy == 0 else [])
        for org, people in staff_orgs:
            for i in range(4):
                given, family = data.WESTERN_GIVEN[(i * 7 + len(org["name"])) % 30], data.WESTERN_FAMILY[(i * 11 + 3) % 30]
                people.append(self._person(org, given, family, suffix=suffix, country="GB", job="Programme Manager"
                                           if i else "Head of International", basis="contract"))
        name_cycle = 0
        for a, b, kind, sector in data.MEMBER_ORG_PARTS:
            name = f"{a} {b}" + (" Ltd" if kind == "company" else "") + (f" {copy + 1}" if copy else "")
            org = self._org(name, "", kind, "GB", rng.choice(["London", "Leeds", "Newcastle", "Manchester", "Cambridge"]),
                            sector, f"{name} works in {sector} and is looking for partners in Japan and Korea.")
            self.buf.add(m.DelegationOrganisation, delegation_id=self.delegation["id"], organisation_id=org["id"],
                         role="member")
            people = []
            for _ in range(2 if rng.random() < 0.6 else 3):
                given = data.WESTERN_GIVEN[name_cycle % 30]
                family = data.WESTERN_FAMILY[(name_cycle * 7 + 5) % 30]
                name_cycle += 1
                people.append(self._person(org, given, family, suffix=suffix, country="GB",
                                           job=rng.choice(["CEO", "CSO", "Business Development Director",
                                                           "Head of Partnerships", "Professor", "CFO"]),
                                           basis="contract", consent=rng.random() > 0.05))
            members.append((org, people))
        return staff_orgs + members

    def _counterparts(self, copy: int, suffix: str) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
        rng = self.rng
        result = []
        jp_i = kr_i = 0
        tag = f" {copy + 1}" if copy else ""
        for name, native, kind, sector, city in data.JP_ORGS:
            org = self._org(name + tag, native, kind, "JP", city, sector,
                            f"{name} ({native}) is based in {city}, working in {sector}.")
            people = []
            for _ in range(rng.choice([1, 2, 2, 3])):
                fam_n, giv_n, fam, giv, reading = data.JP_PEOPLE[jp_i % len(data.JP_PEOPLE)]
                jp_i += 1
                people.append(self._person(org, giv, fam, suffix=suffix, country="JP", native=f"{fam_n} {giv_n}",
                                           reading=reading, order="family_first", language="ja",
                                           job=rng.choice(["部長 (General Manager)", "Director, Business Development",
                                                           "Professor", "Head of Open Innovation"]),
                                           consent=rng.random() > 0.15))
            result.append((org, people))
        for name, native, kind, sector, city in data.KR_ORGS:
            org = self._org(name + tag, native, kind, "KR", city, sector,
                            f"{name} ({native}) is based in {city}, working in {sector}.")
            people = []
            for _ in range(rng.choice([1, 2])):
                fam_n, giv_n, fam, giv = data.KR_PEOPLE[kr_i % len(data.KR_PEOPLE)]
                kr_i += 1
                people.append(self._person(org, giv, fam, suffix=suffix, country="KR", native=f"{fam_n}{giv_n}",
                                           order="family_first", language="ko", job="Director",
                                           consent=rng.random() > 0.15))
            result.append((org, people))
        for cn_i, (name, native, kind, sector, city, country) in enumerate(data.CN_ORGS):
            org = self._org(name + tag, native, kind, country, city, sector,
                            f"{name} ({native}) is based in {city}, working in {sector}.")
            fam_n, giv_n, fam, giv, pc = data.CN_PEOPLE[cn_i % len(data.CN_PEOPLE)]
            people = [self._person(org, giv, fam, suffix=suffix, country=pc, native=f"{fam_n}{giv_n}",
                                   order="family_first", language="zh", job="Vice President")]
            result.append((org, people))
        return result

    # -- one copy ----------------------------------------------------------------------------
    def build_copy(self, copy: int) -> None:
        from planner.demo.aftermath import add_aftermath

        suffix = f"+{copy + 1}" if copy else ""
        ours = self._members(copy, suffix)
        theirs = self._counterparts(copy, suffix)
        pacifico = self.venues["pacifico"]
        label = f" {copy + 1}" if copy else ""
        stage = self._room(pacifico, f"UK Pavilion stage{label}", "stage", 60)
        booth = self._room(pacifico, f"UK booth C-12{label}", "booth", 8)
        tables = [self._room(pacifico, f"Table {copy * 40 + i + 1:02d}", "meeting_table", 6)
                  for i in range(40)]
        self._delegates(ours, copy)
        members = ours[len(self.lead_orgs):] if copy == 0 else ours
        pitches = self._slots(copy, ours, members, stage, booth)
        deliberate = self._deliberate(members, theirs, tables, pitches)
        meetings = deliberate + self._meetings(members, theirs, tables)
        add_aftermath(self.buf, self.rng, self.event, meetings, ours, self.lead_orgs, self.tag)

    def _room(self, venue: dict[str, Any], name: str, kind: str, capacity: int) -> dict[str, Any]:
        """A room row as places.add_room makes it (name key included)."""
        return self.buf.add(m.Room, venue_id=venue["id"], name=name, name_key=room_key(name),
                            kind=kind, capacity=capacity)

    def _delegates(self, ours: list[tuple[dict[str, Any], list[dict[str, Any]]]], copy: int) -> list[dict[str, Any]]:
        rng = self.rng
        rows = []
        for org, people in ours:
            for i, person in enumerate(people):
                is_staff = org in self.lead_orgs
                role = ("lead" if i == 0 else "staff") if is_staff else ("speaker" if i == 0 and rng.random() < 0.4 else "delegate")
                arrival_day = SYMPOSIUM_DAY - timedelta(days=rng.choice([1, 1, 2]))
                rows.append(self.buf.add(
                    m.Delegate, delegation_id=self.delegation["id"], person_id=person["id"], role=role,
                    arrival=at(arrival_day, rng.choice([7, 9, 15, 17]), 35), arrival_flight=rng.choice(["BA5", "JL44", "NH212", "BA7"]),
                    departure=at(EVENT_DAYS[-1] + timedelta(days=rng.choice([1, 1, 2])), 11, 20),
                    departure_flight=rng.choice(["BA6", "JL43", "NH211"]),
                    hotel="Yokohama Bayside Hotel" if rng.random() < 0.85 else "Tokyo Station Hotel (Tokyo nights)",
                    dietary=rng.choice(data.DIETARY), access_needs="step-free access" if rng.random() < 0.03 else "",
                    interpreter_language="ja" if rng.random() < 0.1 else "",
                    emergency_contact=f"Next of kin: +44 7700 900{rng.randrange(100, 999)}", notes=""))
        return rows

    def _slots(self, copy: int, ours: list[tuple[dict[str, Any], list[dict[str, Any]]]],
               members: list[tuple[dict[str, Any], list[dict[str, Any]]]], stage: dict[str, Any],
               booth: dict[str, Any]) -> dict[tuple[int, int], dict[str, Any]]:
        buf, v = self.buf, self.venues
        pitches = {}
        topics = data.PITCH_TOPICS
        for day_i, day in enumerate(EVENT_DAYS):
            for k in range(6):
                org, people = members[(day_i * 6 + k) % len(members)]
                start = at(day, 11, 0) + timedelta(minutes=20 * k) if k < 3 else at(day, 14, 0) + timedelta(minutes=20 * (k - 3))
                slot = buf.add(m.Slot, event_id=self.event["id"], kind="showcase", title=f"Pitch: {topics[(day_i * 6 + k) % len(topics)]}",
                               venue_id=v["pacifico"]["id"], room_id=stage["id"], destination_venue_id=None,
                               organisation_id=org["id"], description=f"{org['name']} presents on the UK Pavilion stage.",
                               external_ref="", **timed(start, start + timedelta(minutes=15)))
                pitches[(day_i, k)] = slot
                presenter = people[0]
                buf.add(m.SlotPerson, slot_id=slot["id"], person_id=presenter["id"], role="presenter")
                self._block(presenter["id"], day, start, start + timedelta(minutes=15))
            booth_start = at(day, 12, 30)
            buf.add(m.Slot, event_id=self.event["id"], kind="showcase", title="UK booth open session",
                    venue_id=v["pacifico"]["id"], room_id=booth["id"], destination_venue_id=None,
                    organisation_id=self.lead_orgs[0]["id"], description="Drop-in session at the UK booth.",
                    external_ref="", **timed(booth_start, booth_start + timedelta(minutes=60)))
        if copy:
            return pitches
        everyone = [p for _, people in ours for p in people]
        sym = buf.add(m.Slot, event_id=self.event["id"], kind="symposium", title="UK–Japan Life Sciences Symposium",
                      venue_id=v["tokyo"]["id"], room_id=None, destination_venue_id=None,
                      organisation_id=self.lead_orgs[0]["id"], external_ref="",
                      description="Half-day symposium with Japanese pharma, academia and government.",
                      **timed(at(SYMPOSIUM_DAY, 13, 0), at(SYMPOSIUM_DAY, 17, 30)))
        rec = buf.add(m.Slot, event_id=self.event["id"], kind="reception", title="Networking reception",
                      venue_id=v["tokyo"]["id"], room_id=None, destination_venue_id=None,
                      organisation_id=self.lead_orgs[1]["id"], external_ref="",
                      description="Reception hosted with the Kanagawa innovation agency.",
                      **timed(at(SYMPOSIUM_DAY, 18, 0), at(SYMPOSIUM_DAY, 20, 0)))
        brief = buf.add(m.Slot, event_id=self.event["id"], kind="briefing", title="Delegation briefing",
                        venue_id=v["hotel"]["id"], room_id=None, destination_venue_id=None, organisation_id=None,
                        external_ref="", description="Welcome, safety, schedule and etiquette briefing.",
                        **timed(at(SYMPOSIUM_DAY, 9, 0), at(SYMPOSIUM_DAY, 10, 30)))
        travel = buf.add(m.Slot, event_id=self.event["id"], kind="travel", title="Coach: Yokohama → Tokyo",
                         venue_id=v["hotel"]["id"], room_id=None, destination_venue_id=v["tokyo"]["id"],
                         organisation_id=None, external_ref="", description="Coach from the hotel to the symposium.",
                         **timed(at(SYMPOSIUM_DAY, 11, 15), at(SYMPOSIUM_DAY, 12, 15)))
        back = buf.add(m.Slot, event_id=self.event["id"], kind="travel", title="Coach: Tokyo → Yokohama",
                       venue_id=v["tokyo"]["id"], room_id=None, destination_venue_id=v["hotel"]["id"],
                       organisation_id=None, external_ref="", description="Coach back to the hotel.",
                       **timed(at(SYMPOSIUM_DAY, 20, 15), at(SYMPOSIUM_DAY, 21, 15)))
        for slot in (sym, rec, brief, travel, back):
            role = "traveller" if slot["kind"] == "travel" else "attendee"
            for person in everyone:
                buf.add(m.SlotPerson, slot_id=slot["id"], person_id=person["id"], role=role)
        visit_day = EVENT_DAYS[-1]
        visit = buf.add(m.Slot, event_id=self.event["id"], kind="site_visit", title="Shonan Research Park lab tour",
                        venue_id=v["shonan"]["id"], room_id=None, destination_venue_id=None, organisation_id=None,
                        external_ref="", description="Tour of incubator labs and meetings with resident start-ups.",
                        **timed(at(visit_day, 14, 30), at(visit_day, 17, 0)))
        for person in everyone[:12]:
            buf.add(m.SlotPerson, slot_id=visit["id"], person_id=person["id"], role="attendee")
            self._block(person["id"], visit_day, at(visit_day, 13, 30), at(visit_day, 18, 0))
        return pitches

    def _block(self, person_id: int, day: date, start: datetime, end: datetime) -> None:
        for idx in _slot_range(start, end):
            self.busy.add((person_id, day, idx))

    # -- meetings ----------------------------------------------------------------------------
    def _meeting(self, ours: list[dict[str, Any]], org: dict[str, Any], theirs: list[dict[str, Any]],
                 table: dict[str, Any], start: datetime, end: datetime, status: str) -> dict[str, Any]:
        rng = self.rng
        row = self.buf.add(
            m.Meeting, event_id=self.event["id"], status=status, venue_id=self.venues["pacifico"]["id"],
            room_id=table["id"], counterpart_organisation_id=org["id"],
            objective=rng.choice(data.OBJECTIVES), talking_points=rng.choice(data.TALKING_POINTS),
            interpreter_needed=org["country"] in ("JP", "KR") and rng.random() < 0.3,
            interpreter_language={"JP": "ja", "KR": "ko"}.get(org["country"], ""), notes="",
            external_ref=f"BJ26-{row_number(self.buf)}", **timed(start, end))
        for person in ours:
            self.buf.add(m.MeetingAttendee, meeting_id=row["id"], person_id=person["id"], side="ours")
        for person in theirs:
            self.buf.add(m.MeetingAttendee, meeting_id=row["id"], person_id=person["id"], side="counterpart")
        day = start.date()
        for person in ours + theirs:
            self._block(person["id"], day, start, end)
        for idx in _slot_range(start, end):
            self.table_busy.add((table["id"], day, idx))
            self.org_busy.add((org["id"], day, idx))
        row["_org"] = org
        row["_ours"] = ours
        row["_theirs"] = theirs
        return row

    def _meetings(self, members: list[tuple[dict[str, Any], list[dict[str, Any]]]],
                  theirs: list[tuple[dict[str, Any], list[dict[str, Any]]]],
                  tables: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rng = self.rng
        statuses = [s for s, w in STATUS_WEIGHTS for _ in range(w)]
        rows = []
        for _ in range(140):
            _org, people = members[rng.randrange(len(members))]
            our_people = rng.sample(people, 2 if len(people) > 1 and rng.random() < 0.3 else 1)
            corg, cpeople = theirs[rng.randrange(len(theirs))]
            their_people = rng.sample(cpeople, 2 if len(cpeople) > 1 and rng.random() < 0.4 else 1)
            for _attempt in range(60):
                day = EVENT_DAYS[rng.randrange(3)]
                idx = rng.randrange(len(DAY_SLOTS))
                if any((p["id"], day, idx) in self.busy for p in our_people + their_people):
                    continue
                if (corg["id"], day, idx) in self.org_busy:
                    continue
                free = [t for t in tables if (t["id"], day, idx) not in self.table_busy]
                if not free:
                    continue
                start = _slot_start(day, idx)
                rows.append(self._meeting(our_people, corg, their_people, free[0], start,
                                          start + timedelta(minutes=SLOT_MINUTES), rng.choice(statuses)))
                break
        return rows

    def _deliberate(self, members: list[tuple[dict[str, Any], list[dict[str, Any]]]],
                    theirs: list[tuple[dict[str, Any], list[dict[str, Any]]]], tables: list[dict[str, Any]],
                    pitches: dict[tuple[int, int], dict[str, Any]]) -> list[dict[str, Any]]:
        """One conflict of each kind the schedule check knows, recorded in the summary."""
        d1, d2, d3 = EVENT_DAYS
        first = [people[0] for _, people in members]
        cp = [(org, people) for org, people in theirs]
        out = []

        def meet(i: int, who: dict[str, Any], t: int, start: datetime, minutes: int = 30,
                 person: int = 0) -> dict[str, Any]:
            org, people = cp[i]
            row = self._meeting([who], org, [people[min(person, len(people) - 1)]], tables[t], start,
                                start + timedelta(minutes=minutes), "confirmed")
            out.append(row)
            return row

        a1, a2 = meet(0, first[0], 0, at(d1, 10, 0)), meet(1, first[0], 1, at(d1, 10, 15))
        self.deliberate.append(("person_double_booked", (a1["uuid"], a2["uuid"])))
        b1, b2 = meet(2, first[1], 2, at(d1, 15, 30)), meet(3, first[2], 2, at(d1, 15, 30))
        self.deliberate.append(("room_double_booked", (b1["uuid"], b2["uuid"])))
        c1 = meet(4, first[3], 3, at(d2, 11, 30))
        lunch = self.buf.add(m.Slot, event_id=self.event["id"], kind="other", title="Lunch at the British Embassy",
                             venue_id=self.venues["tokyo"]["id"], room_id=None, destination_venue_id=None,
                             organisation_id=None, external_ref="", description="Working lunch with the science attaché.",
                             **timed(at(d2, 12, 30), at(d2, 13, 30)))
        self.buf.add(m.SlotPerson, slot_id=lunch["id"], person_id=first[3]["id"], role="attendee")
        self._block(first[3]["id"], d2, at(d2, 11, 30), at(d2, 14, 30))
        self.deliberate.append(("travel_time", (c1["uuid"], lunch["uuid"])))
        d = meet(5, first[4], 4, at(d2, 18, 15))
        self.deliberate.append(("outside_venue_hours", (d["uuid"],)))
        e = meet(6, first[5], 5, at(d3 + timedelta(days=1), 10, 0))
        self.deliberate.append(("outside_event_dates", (e["uuid"],)))
        f = meet(7, first[6], 6, at(d2, 11, 0))
        self.deliberate.append(("presenter_busy", (f["uuid"], pitches[(1, 0)]["uuid"])))
        two = next(i for i, (_, people) in enumerate(cp) if len(people) > 1 and i > 7)
        g1 = meet(two, first[7], 7, at(d3, 10, 0), person=0)
        g2 = meet(two, first[8], 8, at(d3, 10, 0), person=1)
        self.deliberate.append(("counterpart_org_twice", (g1["uuid"], g2["uuid"])))
        return out


def row_number(buf: Any) -> int:
    return len(buf.rows.get("meeting", [])) + 1
