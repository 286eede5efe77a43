SELECT ssn INTO t2 FROM patients
