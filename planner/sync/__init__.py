"""Offline work, merged later: a laptop's file syncs with the team server (issue 17).

The local file stays the working copy; the server (PostgreSQL) gives every change a version from
one sequence, in the transaction that writes it. A sync pulls what is newer than the laptop's
cursor, merges it field by field against the last-synced copy of each record (kept in the file),
then pushes what changed here. Clocks decide nothing; the same field changed to different values
on both sides waits in a review queue for a person.

Modules: :mod:`.tables` (what syncs and how a row travels), :mod:`.merge` (the pure three-way
merge), :mod:`.local` (the file's side: base copies, cursor, pending changes), :mod:`.remote`
(the server's side: pull, push), :mod:`.run` (one sync), :mod:`.review` (the conflicts queue),
:mod:`.status` (what the GUI shows)."""
