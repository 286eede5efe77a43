DELETE FROM patients WHERE email LIKE '%@example.org'
