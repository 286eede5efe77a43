SELECT ehr.patients.ssn FROM ehr.patients
