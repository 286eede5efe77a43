SELECT /*! ssn, */ id FROM patients
