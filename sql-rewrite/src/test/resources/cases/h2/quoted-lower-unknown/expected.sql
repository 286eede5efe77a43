SELECT "ssn" FROM "patients"
