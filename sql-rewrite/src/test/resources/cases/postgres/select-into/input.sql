SELECT ssn INTO TEMP t FROM patients
