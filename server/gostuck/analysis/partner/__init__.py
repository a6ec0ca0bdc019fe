"""Partners of every blocking operation: channels, selects, contexts, locks, WaitGroups, Conds."""
