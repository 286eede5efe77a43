CREATE TABLE contacts AS SELECT id, email FROM patients
