SELECT ssn INTO OUTFILE '/tmp/ssn.txt' FROM patients
