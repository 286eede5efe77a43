SELECT name FROM staff UNION ALL SELECT full_name FROM patients
