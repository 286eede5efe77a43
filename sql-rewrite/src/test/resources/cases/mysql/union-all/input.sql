SELECT ssn FROM patients UNION ALL SELECT name FROM staff
