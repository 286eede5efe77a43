CREATE TABLE copy_of AS SELECT * FROM patients
