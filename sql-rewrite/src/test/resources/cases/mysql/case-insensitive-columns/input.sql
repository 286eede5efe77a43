SELECT SSN, Full_Name FROM patients
