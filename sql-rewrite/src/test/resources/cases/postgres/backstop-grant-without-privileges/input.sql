GRANT ON patients TO bob
