SELECT ssn FROM patients WHERE id = 'abc
