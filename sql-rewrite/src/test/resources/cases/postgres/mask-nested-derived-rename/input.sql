SELECT a.s FROM (SELECT b.ssn AS s FROM (SELECT ssn FROM patients) b) a
