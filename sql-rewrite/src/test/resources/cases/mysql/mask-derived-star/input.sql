SELECT * FROM (SELECT id, ssn, zip FROM patients) t
