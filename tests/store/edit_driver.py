"""A stream of edits in a process of its own, for the crash test. Each edit is one command of two records (an
agreement and a decision on it); after it is committed the process prints its number. It goes on from where
the database left off, so one database survives many kills."""

from __future__ import annotations

import sys

from konsultasjon_app.domain.changes import Command, Put
from konsultasjon_app.domain.model import Agreement, Decision, MeetingRef
from konsultasjon_app.store.session import Session


def main(db: str) -> None:
    session = Session.open(db, lock=True)
    start = len(session.register.agreements)
    print("ready", start, flush=True)
    for i in range(start, start + 100_000):
        key = f"a{i:05d}"
        session.execute(
            Command(
                f"Ny avtale {key}",
                (Put("agreements", Agreement(key, f"Avtale nummer {i} – æøå", notes="x" * (i % 700))), Put("decisions", Decision(key, MeetingRef(2006, 2), "continue"))),
            )
        )
        print(i, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
