SELECT id FROM patients ORDER BY email
