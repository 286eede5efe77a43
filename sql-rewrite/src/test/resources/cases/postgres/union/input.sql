SELECT ssn FROM patients UNION SELECT name FROM staff
