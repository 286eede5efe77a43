SELECT id FROM patients WHERE ssn REGEXP '^1'
