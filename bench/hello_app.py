"""The baseline app for the browser benchmark: a one-heading Streamlit page."""

import streamlit as st

st.title("Hello")
