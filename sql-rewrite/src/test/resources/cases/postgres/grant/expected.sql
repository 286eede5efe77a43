GRANT SELECT ON patients TO bob
