"""The policy owner's pages: the policy library with versions, diffs, sign-offs and feedback."""
