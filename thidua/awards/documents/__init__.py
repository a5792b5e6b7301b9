"""Documents made from the register and dossiers: the decision (draft and final), the tờ trình, certificates."""
