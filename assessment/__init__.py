"""The domain of the SBSMI scan: content, scoring, plan, save file. Imports no Streamlit."""
