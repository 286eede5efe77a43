SELECT "SSN" FROM "Patients"
