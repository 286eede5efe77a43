SELECT d.s FROM (SELECT ssn AS s FROM patients) d
