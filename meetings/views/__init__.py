"""Meeting pages, one module per part: the meeting, answers, calendar files, minutes."""
