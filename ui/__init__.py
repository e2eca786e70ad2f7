"""The interface's building blocks, shared by the page scripts in ``pages/``.

- ``state``: the session's answer store, profile and plan edits; the database engine; loading a
  save file.
- ``i18n``: the language in force, translated texts, the language switch, widget keys.
- ``widgets``: small shared widgets (progress, charts, the save-file uploader).
- ``downloads``: the save file and the board report as downloads.
- ``questions``: the questionnaire's steps and answer widgets (solo and workshop).
- ``steps``: moving between the questionnaire's steps.
- ``board`` and ``facilitator``: the workshop's projector board and the facilitator's panels.

No decisions live here: what to count, score, or put in a plan is ``assessment``'s.
"""
