SELECT d.s FROM (SELECT ssn AS s FROM patients) AS d
