SELECT id FROM patients WHERE substring(ssn FROM 1 FOR 3) = '123'
