SELECT to_jsonb(p) FROM patients p
