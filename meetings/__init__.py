"""Meetings of the agreement's bodies: scheduling, calendar invitations, answers, minutes,
the decision register and the rhythm watch. See README "Layout" for where each step lives."""
