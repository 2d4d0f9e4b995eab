"""Quality gates over a built site. Each returns a list of problems, one
string each; an empty list means the gate passes. The tests run them over the
shipped site and over deliberately broken pages, so that each can fail."""
