"""One scale copy of the demo mission: organisations, people, slots, meetings, follow-up."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta

from planner.demo import data
from planner.demo.common import EVENT_DAYS, SYMPOSIUM_DAY, at
from planner.demo.plan import DemoPlan, Row
from planner.storage.models import Venue

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
    """Decides one scale copy after another; rows are told apart by their UUIDs until written."""

    def __init__(self, plan: DemoPlan, venues: dict[str, Venue], lead_orgs: list[Row],
                 tag: Callable[[str], str]) -> None:
        self.plan = plan
        self.rng = plan.rng
        self.venues = venues
        self.lead_orgs = lead_orgs
        self.tag = tag
        self.deliberate: list[tuple[str, tuple[str, ...]]] = []
        self.busy: set[tuple[str, date, int]] = set()  # (person uuid, day, slot index)
        self.org_busy: set[tuple[str, date, int]] = set()
        self.table_busy: set[tuple[str, date, int]] = set()

    # -- people and organisations -------------------------------------------------------------
    def _org(self, name: str, native: str, kind: str, country: str, city: str, sector: str,
             profile: str) -> Row:
        org = self.plan.add("organisation", name=name, native_name=native, kind=kind, country=country,
                            city=city, website=f"https://www.{_domain(name)}", profile=profile, tags=[])
        org["tags"].append(self.tag(sector))
        self.plan.draw()
        return org

    def _person(self, org: Row, given: str, family: str, *, suffix: str, country: str,
                native: str = "", reading: str = "", order: str = "given_first", job: str = "",
                consent: bool = True, basis: str = "legitimate_interests", language: str = "") -> Row:
        local = unicodedata.normalize("NFKD", f"{given}.{family}".translate(_TRANSLIT)).lower()
        local = local.replace(" ", "").replace("'", "")
        local = "".join(c for c in local if c.isascii() and (c.isalnum() or c in ".-")) or "contact"
        email = f"{local}{suffix}@{_domain(org['name'])}"
        return self.plan.add("person", given_name=given, family_name=family, name_order=order, native_name=native,
                             native_reading=reading, title="", job_title=job, org=org, email=email, phone="",
                             mobile="", country=country, language=language, notes="", lawful_basis=basis,
                             lead_sharing_consent=consent)

    def _members(self, copy: int, suffix: str) -> list[tuple[Row, list[Row]]]:
        rng = self.rng
        members = []
        staff_orgs: list[tuple[Row, list[Row]]] = (
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
            self.plan.link("delegation_org", org=org, role="member")
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

    def _counterparts(self, copy: int, suffix: str) -> list[tuple[Row, list[Row]]]:
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
        add_aftermath(self.plan, meetings, ours, self.lead_orgs, self.tag)

    def _room(self, venue: Venue, name: str, kind: str, capacity: int) -> Row:
        return self.plan.add("room", venue=venue, name=name, kind=kind, capacity=capacity)

    def _delegates(self, ours: list[tuple[Row, list[Row]]], copy: int) -> list[Row]:
        rng = self.rng
        rows = []
        for org, people in ours:
            for i, person in enumerate(people):
                is_staff = org in self.lead_orgs
                role = ("lead" if i == 0 else "staff") if is_staff else ("speaker" if i == 0 and rng.random() < 0.4 else "delegate")
                arrival_day = SYMPOSIUM_DAY - timedelta(days=rng.choice([1, 1, 2]))
                rows.append(self.plan.add(
                    "delegate", person=person, role=role,
                    arrival=at(arrival_day, rng.choice([7, 9, 15, 17]), 35), arrival_flight=rng.choice(["BA5", "JL44", "NH212", "BA7"]),
                    departure=at(EVENT_DAYS[-1] + timedelta(days=rng.choice([1, 1, 2])), 11, 20),
                    departure_flight=rng.choice(["BA6", "JL43", "NH211"]),
                    hotel="Yokohama Bayside Hotel" if rng.random() < 0.85 else "Tokyo Station Hotel (Tokyo nights)",
                    dietary=rng.choice(data.DIETARY), access_needs="step-free access" if rng.random() < 0.03 else "",
                    interpreter_language="ja" if rng.random() < 0.1 else "",
                    emergency_contact=f"Next of kin: +44 7700 900{rng.randrange(100, 999)}", notes=""))
        return rows

    def _slot(self, kind: str, title: str, venue: Venue, start: datetime, end: datetime, *,
              description: str, room: Row | None = None, org: Row | None = None,
              destination: Venue | None = None) -> Row:
        return self.plan.add("slot", kind=kind, title=title, venue=venue, room=room, destination=destination,
                             org=org, description=description, external_ref="", start_local=start,
                             end_local=end, presenters=[], attendees=[])

    def _on(self, slot: Row, person: Row, *, presents: bool = False) -> None:
        self.plan.draw()
        slot["presenters" if presents else "attendees"].append(person)

    def _slots(self, copy: int, ours: list[tuple[Row, list[Row]]], members: list[tuple[Row, list[Row]]],
               stage: Row, booth: Row) -> dict[tuple[int, int], Row]:
        v = self.venues
        pitches = {}
        topics = data.PITCH_TOPICS
        for day_i, day in enumerate(EVENT_DAYS):
            for k in range(6):
                org, people = members[(day_i * 6 + k) % len(members)]
                start = at(day, 11, 0) + timedelta(minutes=20 * k) if k < 3 else at(day, 14, 0) + timedelta(minutes=20 * (k - 3))
                slot = self._slot("showcase", f"Pitch: {topics[(day_i * 6 + k) % len(topics)]}", v["pacifico"],
                                  start, start + timedelta(minutes=15), room=stage, org=org,
                                  description=f"{org['name']} presents on the UK Pavilion stage.")
                pitches[(day_i, k)] = slot
                presenter = people[0]
                self._on(slot, presenter, presents=True)
                self._block(presenter, day, start, start + timedelta(minutes=15))
            booth_start = at(day, 12, 30)
            self._slot("showcase", "UK booth open session", v["pacifico"], booth_start,
                       booth_start + timedelta(minutes=60), room=booth, org=self.lead_orgs[0],
                       description="Drop-in session at the UK booth.")
        if copy:
            return pitches
        everyone = [p for _, people in ours for p in people]
        day = SYMPOSIUM_DAY
        sym = self._slot("symposium", "UK–Japan Life Sciences Symposium", v["tokyo"], at(day, 13, 0),
                         at(day, 17, 30), org=self.lead_orgs[0],
                         description="Half-day symposium with Japanese pharma, academia and government.")
        rec = self._slot("reception", "Networking reception", v["tokyo"], at(day, 18, 0), at(day, 20, 0),
                         org=self.lead_orgs[1], description="Reception hosted with the Kanagawa innovation agency.")
        brief = self._slot("briefing", "Delegation briefing", v["hotel"], at(day, 9, 0), at(day, 10, 30),
                           description="Welcome, safety, schedule and etiquette briefing.")
        travel = self._slot("travel", "Coach: Yokohama → Tokyo", v["hotel"], at(day, 11, 15), at(day, 12, 15),
                            destination=v["tokyo"], description="Coach from the hotel to the symposium.")
        back = self._slot("travel", "Coach: Tokyo → Yokohama", v["tokyo"], at(day, 20, 15), at(day, 21, 15),
                          destination=v["hotel"], description="Coach back to the hotel.")
        for slot in (sym, rec, brief, travel, back):
            for person in everyone:
                self._on(slot, person)  # attends, or on a coach travels
        visit_day = EVENT_DAYS[-1]
        visit = self._slot("site_visit", "Shonan Research Park lab tour", v["shonan"], at(visit_day, 14, 30),
                           at(visit_day, 17, 0),
                           description="Tour of incubator labs and meetings with resident start-ups.")
        for person in everyone[:12]:
            self._on(visit, person)
            self._block(person, visit_day, at(visit_day, 13, 30), at(visit_day, 18, 0))
        return pitches

    def _block(self, person: Row, day: date, start: datetime, end: datetime) -> None:
        for idx in _slot_range(start, end):
            self.busy.add((person["uuid"], day, idx))

    # -- meetings ----------------------------------------------------------------------------
    def _meeting(self, ours: list[Row], org: Row, theirs: list[Row], table: Row, start: datetime,
                 end: datetime, status: str) -> Row:
        rng = self.rng
        row = self.plan.add(
            "meeting", status=status, venue=self.venues["pacifico"], room=table, org=org,
            objective=rng.choice(data.OBJECTIVES), talking_points=rng.choice(data.TALKING_POINTS),
            interpreter_needed=org["country"] in ("JP", "KR") and rng.random() < 0.3,
            interpreter_language={"JP": "ja", "KR": "ko"}.get(org["country"], ""), notes="",
            external_ref=f"BJ26-{len(self.plan.of('meeting')) + 1}", start_local=start, end_local=end,
            ours=[], theirs=[])
        for person in ours:
            self.plan.draw()
            row["ours"].append(person)
        for person in theirs:
            self.plan.draw()
            row["theirs"].append(person)
        day = start.date()
        for person in ours + theirs:
            self._block(person, day, start, end)
        for idx in _slot_range(start, end):
            self.table_busy.add((table["uuid"], day, idx))
            self.org_busy.add((org["uuid"], day, idx))
        return row

    def _meetings(self, members: list[tuple[Row, list[Row]]], theirs: list[tuple[Row, list[Row]]],
                  tables: list[Row]) -> list[Row]:
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
                if any((p["uuid"], day, idx) in self.busy for p in our_people + their_people):
                    continue
                if (corg["uuid"], day, idx) in self.org_busy:
                    continue
                free = [t for t in tables if (t["uuid"], day, idx) not in self.table_busy]
                if not free:
                    continue
                start = _slot_start(day, idx)
                rows.append(self._meeting(our_people, corg, their_people, free[0], start,
                                          start + timedelta(minutes=SLOT_MINUTES), rng.choice(statuses)))
                break
        return rows

    def _deliberate(self, members: list[tuple[Row, list[Row]]], theirs: list[tuple[Row, list[Row]]],
                    tables: list[Row], pitches: dict[tuple[int, int], Row]) -> list[Row]:
        """One conflict of each kind the schedule check knows, recorded in the summary."""
        d1, d2, d3 = EVENT_DAYS
        first = [people[0] for _, people in members]
        cp = list(theirs)
        out = []

        def meet(i: int, who: Row, t: int, start: datetime, minutes: int = 30, person: int = 0) -> Row:
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
        lunch = self._slot("other", "Lunch at the British Embassy", self.venues["tokyo"], at(d2, 12, 30),
                           at(d2, 13, 30), description="Working lunch with the science attaché.")
        self._on(lunch, first[3])
        self._block(first[3], d2, at(d2, 11, 30), at(d2, 14, 30))
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
