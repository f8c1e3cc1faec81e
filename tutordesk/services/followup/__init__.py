"""The follow-up workflow: the contact log first (every contact with or about a learner, and what is to be
done after it); early-warning signals, the setting's procedure and the measures in place join it later."""
