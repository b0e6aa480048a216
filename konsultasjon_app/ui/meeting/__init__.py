"""Meeting mode: recording decisions during a consultation meeting."""
