SELECT md5(ssn) FROM patients
