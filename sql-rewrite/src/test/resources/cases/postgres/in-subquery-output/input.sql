SELECT id FROM staff WHERE name IN (SELECT full_name FROM patients)
