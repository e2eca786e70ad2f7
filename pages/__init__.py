"""The page scripts that the router (``app.py``) registers, one per page, nothing else.

They live in sub-folders on purpose: Streamlit's old multipage mode lists every ``pages/*.py``
as a page of its own, and so finds none here (see ``app.py``).
"""
