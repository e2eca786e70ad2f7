"""The app's pages. ``app.py`` routes to them with ``st.navigation``; ``common`` is shared."""
