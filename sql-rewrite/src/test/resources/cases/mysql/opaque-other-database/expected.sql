SELECT ssn FROM otherdb.patients
