"""The workshop: the facilitator (and the projector board) and the participant."""
