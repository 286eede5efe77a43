SELECT id /*M!100100 , ssn */ FROM patients
