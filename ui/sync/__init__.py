"""Sync of the open file with a team server, in the window (issue 17).

The work is :mod:`planner.sync`; this package only shows it: the Sync menu and tool-bar action
(:mod:`.sync_menu`), the sync run on a worker thread (:mod:`.sync_controller`), the status in the
status bar (:mod:`.sync_status`), automatic sync (:mod:`.auto_sync`, :mod:`.sync_settings`), the
Review page for conflicts (:mod:`.review_page`, :mod:`.conflict_models`), and the undo history
purged of people an erasure elsewhere removed (:mod:`.erased_history`). Nothing here is built
for a window on a team server: there is nothing to sync there.
"""
