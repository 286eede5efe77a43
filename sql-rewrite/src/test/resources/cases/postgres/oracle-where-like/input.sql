SELECT id FROM patients WHERE ssn LIKE '1%'
