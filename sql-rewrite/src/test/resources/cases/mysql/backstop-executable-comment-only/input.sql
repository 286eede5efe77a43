/*! SELECT ssn FROM patients */
