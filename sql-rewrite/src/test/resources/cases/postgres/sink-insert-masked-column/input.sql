INSERT INTO patients (id, ssn) VALUES (10, '123-45-6789')
