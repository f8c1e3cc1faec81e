"""The learner profile dialog and its tabs."""
