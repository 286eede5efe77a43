SELECT * FROM dblink('dbname=ehr', 'SELECT ssn FROM patients') AS t(ssn text)
